/**
 * The transport: Vert.x accepts each request, parses it once into a RequestInfo, authenticates it,
 * counts it against the in-flight limits and authorizes it ({@link io.j8s.apiserver.http.Gate})
 * before its body is read, then hands it to the endpoints, the watch streams or the kubelet proxy.
 * May depend on every other package of the API server; none of them depends on this one.
 */
package io.j8s.apiserver.http;
