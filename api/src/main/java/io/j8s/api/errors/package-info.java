/**
 * Errors in the upstream shape: a {@link io.j8s.api.errors.StatusException} carries the
 * {@code Status} body, reason, code and field causes that the API server sends back.
 */
package io.j8s.api.errors;
