/**
 * The TaintToleration plugin: filters out nodes with NoSchedule/NoExecute taints the pod does not
 * tolerate and prefers nodes with fewer untolerated PreferNoSchedule taints.
 */
package io.j8s.scheduler.plugins.tainttoleration;
