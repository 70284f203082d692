/**
 * How upstream's Go types shape the JSON on the wire: the zero values its encoding writes that a
 * JSON tree leaves out, and the wrong JSON types its decoding refuses. Depends on the fabric8
 * model and the api codec; the registry and the request handler call it before validation.
 */
package io.j8s.apiserver.wire;
