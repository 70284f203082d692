/**
 * The PodTopologySpread plugin: {@code topologySpreadConstraints} (maxSkew, minDomains,
 * node inclusion policies, matchLabelKeys) as a filter for DoNotSchedule and a score for
 * ScheduleAnyway, and the cluster's default constraints. Depends on the framework contract only.
 */
package io.j8s.scheduler.plugins.podtopologyspread;
