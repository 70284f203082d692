/**
 * Upstream's apimachinery validation rules (names, label keys and values, annotations, object
 * metadata, quantities) as pure functions returning {@code StatusCause}s worded as upstream words
 * them. Depends only on fabric8's model and {@code io.j8s.api.errors}.
 */
package io.j8s.api.validation;
