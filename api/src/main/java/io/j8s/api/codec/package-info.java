/**
 * Wire formats of the Kubernetes API. {@link io.j8s.api.codec.Protobuf} reads and writes the
 * {@code application/vnd.kubernetes.protobuf} bodies of built-in kinds as the JSON trees their
 * Kubernetes JSON encoding gives. Depends on Jackson, the protobuf messages of client-java-proto
 * and {@code io.j8s.api.errors}; nothing else of j8s.
 */
package io.j8s.api.codec;
