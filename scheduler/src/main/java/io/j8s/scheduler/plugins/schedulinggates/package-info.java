/** The SchedulingGates PreEnqueue plugin: a pod with {@code spec.schedulingGates} is not queued. */
package io.j8s.scheduler.plugins.schedulinggates;
