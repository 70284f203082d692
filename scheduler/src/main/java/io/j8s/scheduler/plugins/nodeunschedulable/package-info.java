/** The NodeUnschedulable filter: cordoned nodes ({@code spec.unschedulable}) take no new pods. */
package io.j8s.scheduler.plugins.nodeunschedulable;
