/**
 * The {@link io.j8s.store.Store} contract: a revisioned key-value store with etcd semantics, and
 * {@link io.j8s.store.StoreBuilder}, which picks a backend from the datastore endpoint. Only the
 * API server (and cli, bench) may depend on this module. Depends on {@code io.j8s.api}.
 */
package io.j8s.store;
