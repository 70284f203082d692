/**
 * The built-in {@code local} provider: nodes are the machines they say they are (providerID
 * {@code j8s://NODE}), load balancer addresses come from a pool (a CIDR, or the node's own address
 * shared by port as k3s's ServiceLB), and routes go into this machine's table with {@code ip route}.
 */
package io.j8s.cloud.local;
