/**
 * The API server: the Kubernetes API over HTTPS on top of the {@link io.j8s.store.Store}, the only
 * component that touches the store. Depends on {@code io.j8s.api} and {@code io.j8s.store}.
 */
package io.j8s.apiserver;
