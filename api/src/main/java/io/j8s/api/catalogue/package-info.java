/**
 * The resource catalogue: every kind the API serves, with its group, version, plural, scope,
 * short names and subresources, and the fabric8 model class that holds it.
 */
package io.j8s.api.catalogue;
