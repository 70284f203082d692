/**
 * The client end of the streaming protocols (SPDY/3.1 with v4.channel.k8s.io for exec and attach,
 * portforward.k8s.io for port-forward), for the URLs a CRI runtime's Exec, Attach and PortForward
 * return: {@link io.j8s.kubelet.streamclient.SpdyStreamingClient}. Depends on Netty, Jackson and
 * the runtime contract.
 */
package io.j8s.kubelet.streamclient;
