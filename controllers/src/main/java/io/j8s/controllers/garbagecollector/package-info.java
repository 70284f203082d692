/**
 * Upstream's garbage collector: a graph of every object found by discovery, linked by
 * ownerReferences, and the workers that delete dependents (Background, Foreground) and orphan
 * them. Depends on the fabric8 client and the controllers' work queue only.
 */
package io.j8s.controllers.garbagecollector;
