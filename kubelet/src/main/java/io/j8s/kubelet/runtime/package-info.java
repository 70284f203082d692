/**
 * The runtime contract: what the kubelet asks of a container runtime, shaped after CRI's
 * RuntimeService and ImageService. Implementations live in {@code runtime.cri} (containerd over
 * gRPC) and {@code runtime.sim} (runs nothing); one contract suite runs against both.
 */
package io.j8s.kubelet.runtime;
