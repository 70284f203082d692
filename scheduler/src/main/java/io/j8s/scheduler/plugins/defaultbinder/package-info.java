/**
 * DefaultBinder: binds a pod through {@code pods/binding}, carrying the cycle's binding
 * annotations. PLACEHOLDER on branch sched-core: the plugins branch brings the real one.
 */
package io.j8s.scheduler.plugins.defaultbinder;
