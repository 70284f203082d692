/** The PrioritySort queue-sort plugin: higher {@code spec.priority} first, then the earlier queued. */
package io.j8s.scheduler.plugins.prioritysort;
