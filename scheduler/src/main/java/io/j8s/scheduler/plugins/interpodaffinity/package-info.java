/**
 * The InterPodAffinity plugin: required pod affinity and anti-affinity (the incoming pod's and
 * the existing pods'), preferred terms as scores. Depends on the framework contract only.
 */
package io.j8s.scheduler.plugins.interpodaffinity;
