/**
 * The {@code cri} runtime: {@link io.j8s.kubelet.runtime.cri.CriRuntime} speaks CRI's gRPC
 * (stubs generated from {@code src/main/proto}) to containerd over its unix socket, and
 * {@link io.j8s.kubelet.runtime.cri.ManagedContainerd} runs that containerd as a child of the agent.
 * Depends on the runtime contract and {@code images} only.
 */
package io.j8s.kubelet.runtime.cri;
