/**
 * How objects become bytes and back: JSON for the wire and the store, YAML for people, and
 * Kubernetes protobuf for the request bodies kubectl sends for built-in kinds.
 */
package io.j8s.api.codec;
