/**
 * The scheduler's cache (upstream's {@code internal/cache}): nodes and the pods counted on them,
 * fed by the informers, with assumed pods counted from the moment they are assumed until the
 * informer confirms the binding; and the per-cycle {@link io.j8s.scheduler.cache.NodeSnapshot}
 * that copies only the nodes that changed. Depends on the framework package only.
 */
package io.j8s.scheduler.cache;
