package io.j8s.proxy;

import java.util.List;

/**
 * One port of one Service as the proxy sees it: where it is reachable (ClusterIP, NodePort,
 * external and load-balancer IPs), its policies and its endpoints. A value: the proxy rewrites
 * the rules of a port only when this value changed.
 *
 * @param protocol {@code tcp}, {@code udp} or {@code sctp}
 * @param clusterIp the IPv4 ClusterIP, or null (headless, or IPv6 only)
 * @param nodePort 0 when none
 * @param externalIps {@code spec.externalIPs} and {@code status.loadBalancer.ingress[].ip}
 * @param affinitySeconds the ClientIP session affinity timeout; 0 when there is no affinity
 */
record ServicePort(String namespace, String name, String portName, String protocol,
        String clusterIp, int port, int nodePort, List<String> externalIps, int affinitySeconds,
        boolean internalLocal, boolean externalLocal, List<Endpoint> endpoints) {

    ServicePort {
        externalIps = List.copyOf(externalIps);
        endpoints = List.copyOf(endpoints);
    }

    /** An endpoint from an EndpointSlice, its conditions read as upstream defaults them. */
    record Endpoint(String ip, int port, boolean ready, boolean serving, boolean terminating,
            boolean local) {
        String address() {
            return ip + ":" + port;
        }
    }

    /** {@code namespace/name:portName/protocol}, the key of this port. */
    String key() {
        return namespace + "/" + name + ":" + portName + "/" + protocol;
    }

    /** A readable part for chain names: {@code namespace/name/protocol/port-name-or-number}. */
    String readable() {
        return namespace + "/" + name + "/" + protocol + "/"
                + (portName.isEmpty() ? Integer.toString(port) : portName);
    }

    /**
     * Endpoints for traffic from inside the cluster: the ready ones (on this node only with
     * {@code internalTrafficPolicy: Local}), or, when there are none, the serving terminating
     * ones.
     */
    List<Endpoint> clusterEndpoints() {
        return usable(internalLocal);
    }

    /** Endpoints on this node, chosen as {@link #clusterEndpoints()} chooses. */
    List<Endpoint> localEndpoints() {
        return usable(true);
    }

    /** Endpoints of any node, chosen as {@link #clusterEndpoints()} chooses. */
    List<Endpoint> allEndpoints() {
        return usable(false);
    }

    private List<Endpoint> usable(boolean localOnly) {
        List<Endpoint> ready = endpoints.stream()
                .filter(e -> e.ready() && (!localOnly || e.local())).toList();
        if (!ready.isEmpty()) {
            return ready;
        }
        return endpoints.stream()
                .filter(e -> e.serving() && e.terminating() && (!localOnly || e.local())).toList();
    }
}
