/**
 * Field ownership as upstream's structured-merge-diff tracks it: field sets in the FieldsV1
 * format, {@code metadata.managedFields} kept on every write, server-side apply with its
 * conflicts, and unknown-field detection. Depends on the api module only, never on http.
 */
package io.j8s.apiserver.fields;
