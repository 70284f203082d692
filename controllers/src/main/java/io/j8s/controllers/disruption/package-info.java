/**
 * The disruption controller: the status of every PodDisruptionBudget (healthy pods, how many may be
 * disrupted, the DisruptionAllowed condition) that eviction reads. Depends on the controllers'
 * context and the client only.
 */
package io.j8s.controllers.disruption;
