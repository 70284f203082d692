package io.j8s.cli;

import picocli.CommandLine.Option;

/**
 * The node agent's flags, the same for {@code j8s server} (its own node) and {@code j8s agent}:
 * the runtime, the kubelet API's port and the node's address.
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

    @Option(names = "--kubelet-spdy-only", hidden = true,
            description = "For tests: the kubelet API refuses WebSocket upgrades of exec, attach and"
                    + " port-forward, as a kubelet that speaks only SPDY, so clients fall back to SPDY.")
    boolean kubeletSpdyOnly;

    NodeAgent.RuntimeChoice runtimeChoice() {
        return new NodeAgent.RuntimeChoice(runtime, containerRuntimeEndpoint);
    }

    /** {@code --node-ip}, else the default route's address. */
    String nodeIp() {
        return nodeIp != null ? nodeIp : ControlPlaneCredentials.defaultRouteAddress();
    }
}
