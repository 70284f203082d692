/**
 * The scheduling framework's contract: one small interface per extension point (QueueSort,
 * PreEnqueue, PreFilter, Filter, PostFilter, PreScore, Score, Reserve, Permit, PreBind, Bind,
 * PostBind), the {@link io.j8s.scheduler.framework.Status} each returns, the per-cycle
 * {@link io.j8s.scheduler.framework.CycleState} and the {@link io.j8s.scheduler.framework.NodeInfo}
 * snapshot plugins read. Plugins depend on this package only, never on the runtime behind it.
 */
package io.j8s.scheduler.framework;
