/**
 * The schema engine of CustomResourceDefinitions: validation of a CRD itself
 * ({@link CrdValidation}) and, per served version, defaulting, pruning and validation of custom
 * resources, x-kubernetes-validations rules in CEL included ({@link VersionSchema}).
 */
package io.j8s.apiserver.crd.schema;
