/**
 * The handlers (upstream's endpoints): {@link io.j8s.apiserver.endpoints.ApiHandler} routes a
 * parsed {@link io.j8s.apiserver.endpoints.RequestInfo}, negotiates media types and runs the verb
 * against the registries, discovery, reviews, tables and health included; every failure is a
 * {@code Status}. Knows nothing of the transport: no Vert.x, no http, watchstream or kubeletproxy.
 */
package io.j8s.apiserver.endpoints;
