/**
 * API aggregation (kube-aggregator): the local APIServices of the built-in groups and the
 * {@code Available} condition of every APIService. Depends on the registry, the api module and
 * the webhook package's TLS trust.
 */
package io.j8s.apiserver.aggregation;
