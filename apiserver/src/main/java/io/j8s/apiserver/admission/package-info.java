/**
 * Upstream's built-in admission plugins that shape and limit workloads: LimitRanger,
 * ServiceAccount, Priority, DefaultTolerationSeconds and ResourceQuota. Each implements
 * {@link io.j8s.apiserver.admission.AdmissionPlugin}; the registry calls them in upstream's order
 * and hands them {@link io.j8s.apiserver.admission.ClusterObjects} to read what they need.
 * Depends on api only.
 */
package io.j8s.apiserver.admission;
