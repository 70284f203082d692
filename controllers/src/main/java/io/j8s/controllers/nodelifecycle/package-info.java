/**
 * Upstream's node lifecycle controller: node health from Leases and Ready heartbeats, the
 * NoExecute and NoSchedule taints that follow from it, and taint-based eviction of pods.
 * Depends on the shared informers, the work queue and the fabric8 client.
 */
package io.j8s.controllers.nodelifecycle;
