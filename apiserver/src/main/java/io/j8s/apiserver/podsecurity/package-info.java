/**
 * Upstream's Pod Security admission: the privileged, baseline and restricted levels of the Pod
 * Security Standards and their versions ({@link io.j8s.apiserver.podsecurity.Checks}), chosen per
 * namespace by its {@code pod-security.kubernetes.io/*} labels and enforced, warned about or
 * audited by {@link io.j8s.apiserver.podsecurity.PodSecurityAdmission}.
 */
package io.j8s.apiserver.podsecurity;
