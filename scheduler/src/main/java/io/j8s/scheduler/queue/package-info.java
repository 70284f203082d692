/**
 * The scheduling queue (upstream's {@code internal/queue}): the active queue ordered by the
 * QueueSort plugin, the back-off queue, the unschedulable set that cluster events drain, the
 * PreEnqueue gate and the pods nominated by preemption. Depends on the framework package only.
 */
package io.j8s.scheduler.queue;
