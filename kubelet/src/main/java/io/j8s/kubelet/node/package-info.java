/**
 * This node in the API: its registration, its status (capacity, conditions, images) and its
 * Lease heartbeat. Talks to the cluster through the fabric8 client only.
 */
package io.j8s.kubelet.node;
