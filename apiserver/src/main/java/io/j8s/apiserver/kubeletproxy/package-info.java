/**
 * Pods' log, exec, attach and portforward, proxied to the pod's kubelet by
 * {@link io.j8s.apiserver.kubeletproxy.PodStreamProxy}; the transport authenticates and authorizes
 * through a {@link io.j8s.apiserver.kubeletproxy.ProxyGate} it passes in. Depends on the registry
 * and the endpoints' {@code RequestInfo}, never on http.
 */
package io.j8s.apiserver.kubeletproxy;
