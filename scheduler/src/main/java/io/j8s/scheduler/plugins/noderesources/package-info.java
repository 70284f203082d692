/**
 * NodeResourcesFit (the pod's requests must fit what the node has left; scoring strategies
 * LeastAllocated, MostAllocated, RequestedToCapacityRatio) and NodeResourcesBalancedAllocation
 * (prefer nodes whose resources stay evenly used). Depends on the framework only.
 */
package io.j8s.scheduler.plugins.noderesources;
