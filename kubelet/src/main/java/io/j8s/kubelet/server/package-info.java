/**
 * The kubelet API: {@link io.j8s.kubelet.server.KubeletServer} (HTTPS, client certificates) serves
 * /pods, /healthz, /metrics, /stats/summary and, through {@link io.j8s.kubelet.server.StreamingServer},
 * containerLogs, exec, attach and portForward in the wire protocols kubectl uses (SPDY/3.1,
 * WebSocket v4/v5.channel.k8s.io, SPDY tunneled in WebSocket). What runs behind the streams is a
 * {@link io.j8s.kubelet.server.StreamingBackend}. Depends on Netty, Jackson, the runtime contract
 * and NodePods.
 */
package io.j8s.kubelet.server;
