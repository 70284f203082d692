package io.j8s.cli;

import io.j8s.proxy.ProxyMode;
import picocli.CommandLine.Option;

/**
 * The node agent's flags, the same for {@code j8s server} (its own node) and {@code j8s agent}:
 * the runtime, the kubelet API's port, the node's address and the service proxy's mode.
 */
final class NodeAgentOptions {
    @Option(names = "--runtime", paramLabel = "cri|sim", defaultValue = "cri",
            description = "Container runtime of the node agent: cri (containerd) or sim (no"
                    + " containers). Default: ${DEFAULT-VALUE}.")
    ServerCommand.Runtime runtime;

    @Option(names = "--container-runtime-endpoint", paramLabel = "unix:///PATH",
            description = "An existing CRI socket (containerd's) for the cri runtime, instead of"
                    + " the containerd j8s starts and manages under the data dir.")
    String containerRuntimeEndpoint;

    @Option(names = "--kubelet-port", paramLabel = "PORT", defaultValue = "10250",
            description = "Port of the kubelet API, advertised in the Node's status."
                    + " Default: ${DEFAULT-VALUE}.")
    int kubeletPort;

    @Option(names = "--node-ip", paramLabel = "IP",
            description = "The node's InternalIP address (default: the IPv4 address of the"
                    + " interface that holds the default route).")
    String nodeIp;

    @Option(names = "--proxy-mode", paramLabel = "nftables|iptables|none",
            description = "How the service proxy writes its rules: nftables, iptables, or none (no"
                    + " service proxy on this node). Default: nftables where nft works and the"
                    + " kernel takes it, else iptables. The proxy runs with the cri runtime as root.")
    ProxyModeOption proxyMode;

    /** {@code --proxy-mode}: a mode, or none. */
    enum ProxyModeOption { nftables, iptables, none }

    @Option(names = "--kubelet-spdy-only", hidden = true,
            description = "For tests: the kubelet API refuses WebSocket upgrades of exec, attach and"
                    + " port-forward, as a kubelet that speaks only SPDY, so clients fall back to SPDY.")
    boolean kubeletSpdyOnly;

    NodeAgent.RuntimeChoice runtimeChoice() {
        boolean off = proxyMode == ProxyModeOption.none;
        return new NodeAgent.RuntimeChoice(runtime, containerRuntimeEndpoint, off,
                proxyMode == null || off ? null : ProxyMode.valueOf(proxyMode.name()));
    }

    /** {@code --node-ip}, else the default route's address. */
    String nodeIp() {
        return nodeIp != null ? nodeIp : ControlPlaneCredentials.defaultRouteAddress();
    }
}
