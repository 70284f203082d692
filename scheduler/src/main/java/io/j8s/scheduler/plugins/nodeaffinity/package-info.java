/**
 * The NodeAffinity plugin: a pod's {@code nodeSelector} and required node affinity filter nodes,
 * its preferred terms score them; the profile may add affinity of its own ({@code addedAffinity}).
 */
package io.j8s.scheduler.plugins.nodeaffinity;
