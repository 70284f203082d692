/**
 * The OpenAPI documents kubectl reads (v2 as JSON or gnostic protobuf, v3 split per group
 * version), generated from the fabric8 model classes of the resource catalogue. Depends on
 * {@code api} (catalogue, codec, errors), the fabric8 model and Jackson; {@code http} serves
 * what it builds.
 */
package io.j8s.apiserver.openapi;
