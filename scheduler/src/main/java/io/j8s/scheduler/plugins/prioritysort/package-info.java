/**
 * PrioritySort: the active queue orders pods by priority, then by when they were queued.
 * PLACEHOLDER on branch sched-core: the plugins branch brings the real one.
 */
package io.j8s.scheduler.plugins.prioritysort;
