package io.j8s.kubelet.server;

import java.util.List;

/** The protocol names clients offer in X-Stream-Protocol-Version and Sec-WebSocket-Protocol. */
final class StreamProtocols {
    static final String V2 = "v2.channel.k8s.io";
    static final String V3 = "v3.channel.k8s.io";
    static final String V4 = "v4.channel.k8s.io";
    static final String V5 = "v5.channel.k8s.io";
    static final String PORT_FORWARD = "portforward.k8s.io";
    /** kubectl 1.31+ tunnels the SPDY port-forward protocol through WebSocket binary messages. */
    static final String PORT_FORWARD_TUNNEL = "SPDY/3.1+portforward.k8s.io";

    /** Over SPDY, in order of preference. */
    static final List<String> SPDY_REMOTE_COMMAND = List.of(V4, V3, V2);
    /** Over WebSocket: v5 adds closing a channel (stdin end of file). */
    static final List<String> WEBSOCKET_REMOTE_COMMAND = List.of(V5, V4);

    private StreamProtocols() {}

    /** The first protocol the client offers that the server speaks, or null. */
    static String negotiate(List<String> offered, List<String> supported) {
        for (String p : offered) {
            if (supported.contains(p.trim())) {
                return p.trim();
            }
        }
        return null;
    }
}
