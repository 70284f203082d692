/**
 * API aggregation (kube-aggregator): the local APIServices of the built-in groups, the
 * {@code Available} condition of every APIService, the proxy to the APIServices served by a
 * Service (front-proxy client certificate and {@code X-Remote-*} headers) and their discovery.
 * Depends on the registry, the endpoints' discovery source, the pki and the webhook package's
 * TLS trust.
 */
package io.j8s.apiserver.aggregation;
