/**
 * The node's network safety: blackhole routes that keep the cluster's private pod and service
 * ranges from leaving the machine. Runs {@code ip} (iproute2); depends on the JDK only.
 */
package io.j8s.kubelet.network;
