/**
 * The kubelet's streaming endpoints (containerLogs, exec, attach, portForward) speaking the wire
 * protocols kubectl uses: SPDY/3.1 streams, the WebSocket channel protocols v4/v5.channel.k8s.io and
 * SPDY tunneled in WebSocket for port-forward. {@link io.j8s.kubelet.server.StreamingServer} owns the
 * protocols; what runs behind them is a {@link io.j8s.kubelet.server.StreamingBackend}. Depends on
 * Netty and Jackson only.
 */
package io.j8s.kubelet.server;
