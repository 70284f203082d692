/**
 * The DefaultPreemption PostFilter plugin: when no node fits, find the node where evicting the
 * fewest, least important lower-priority pods (respecting PodDisruptionBudgets) makes room,
 * delete them and nominate the node. Depends on the framework contract only.
 */
package io.j8s.scheduler.plugins.defaultpreemption;
