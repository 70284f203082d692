/**
 * The schema engine of custom resources: validation of a CustomResourceDefinition itself and, per
 * served version, defaulting, pruning and validation (OpenAPI v3 and CEL) of its objects.
 */
package io.j8s.apiserver.crd.schema;
