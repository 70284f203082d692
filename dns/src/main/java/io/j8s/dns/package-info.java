/**
 * Cluster DNS: the {@code cluster.local} zone of upstream's DNS specification answered from an
 * in-memory index of Services and EndpointSlices (informers, never an API call per query), over
 * UDP and TCP, with other names forwarded to upstream resolvers. Depends on dnsjava, the fabric8
 * client and componentbase only.
 */
package io.j8s.dns;
