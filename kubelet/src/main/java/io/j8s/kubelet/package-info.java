/**
 * The node agent: {@code Kubelet} and its builder, the one public entry point. It talks to the
 * cluster only through the fabric8 client it is given, and to containers only through a
 * {@link io.j8s.kubelet.runtime.ContainerRuntime}.
 */
package io.j8s.kubelet;
