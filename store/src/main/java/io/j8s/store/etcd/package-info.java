/**
 * The etcd backend of {@link io.j8s.store.Store}, over jetcd: one guarded Txn per write, ranges for
 * lists, one etcd watch per store watch whose events a virtual thread hands to the listener.
 * Only {@link io.j8s.store.etcd.EtcdStore} is public. Depends on {@code io.j8s.store} and jetcd.
 */
package io.j8s.store.etcd;
