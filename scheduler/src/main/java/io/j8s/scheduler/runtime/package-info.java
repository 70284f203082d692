/**
 * The framework runtime: one {@link io.j8s.scheduler.runtime.Framework} per profile runs the
 * plugins at each extension point; {@link io.j8s.scheduler.runtime.SchedulingCycle} schedules one
 * pod (filter and score in parallel over a sample of the nodes, select, assume, reserve, permit)
 * and hands its binding to {@link io.j8s.scheduler.runtime.BindingCycle}, off the scheduling thread.
 */
package io.j8s.scheduler.runtime;
