/**
 * The three patch types of a PATCH request, as upstream applies them: {@link JsonPatch} (RFC 6902
 * as evanphx/json-patch v4 does it), {@link MergePatch} (RFC 7386) and
 * {@link StrategicMergePatch}, which walks the OpenAPI schema's patch strategies
 * ({@link io.j8s.apiserver.openapi.MergeSchema}). Depends on {@code api} (errors) and Jackson only.
 */
package io.j8s.apiserver.patch;
