/**
 * Upstream's horizontal pod autoscaler controller (autoscaling/v2): reads the scale subresource
 * of each target, keeps it within minReplicas and maxReplicas, and reports why it cannot scale
 * on metrics while no metrics API is served. Depends on the shared informers and the client.
 */
package io.j8s.controllers.podautoscaler;
