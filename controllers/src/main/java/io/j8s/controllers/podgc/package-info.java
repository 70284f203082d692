/**
 * Upstream's pod garbage collector: terminated pods over a threshold, pods bound to nodes that
 * no longer exist, and unscheduled pods being deleted. Depends on the controllers' contract and
 * the client.
 */
package io.j8s.controllers.podgc;
