package io.j8s.cloud;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.j8s.cloud.provider.CloudException;
import io.j8s.cloud.provider.Routes;
import io.j8s.componentbase.informers.SharedInformers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream's route controller: a route to every node's {@code spec.podCIDR} via its InternalIP,
 * made when missing or pointing elsewhere, and removed when no node holds the CIDR any more. Only
 * routes this controller made are removed: another cluster's on the same machine are left alone.
 */
final class RouteController {
    static final String KEY = "routes";
    private final SharedInformers informers;
    private final Routes routes;
    private final String clusterName;
    private final Set<String> made = ConcurrentHashMap.newKeySet();

    RouteController(SharedInformers informers, Routes routes, String clusterName) {
        this.informers = informers;
        this.routes = routes;
        this.clusterName = clusterName;
    }

    void sync(String ignored) {
        Map<String, Routes.Route> wanted = new HashMap<>();
        for (Node node : informers.list(Node.class)) {
            String cidr = node.getSpec() == null ? null : node.getSpec().getPodCIDR();
            String ip = internalIp(node);
            if (cidr != null && !cidr.isEmpty() && ip != null) {
                wanted.put(cidr, new Routes.Route(cidr, node.getMetadata().getName(), cidr, ip));
            }
        }
        try {
            Map<String, String> have = new HashMap<>();
            for (Routes.Route r : routes.listRoutes(clusterName)) {
                have.put(r.destinationCidr(), r.gateway());
            }
            for (Routes.Route r : wanted.values()) {
                if (!r.gateway().equals(have.get(r.destinationCidr()))) {
                    routes.createRoute(clusterName, r.targetNode(), r);
                    if (routes.listRoutes(clusterName).stream()
                            .anyMatch(x -> x.destinationCidr().equals(r.destinationCidr()))) {
                        made.add(r.destinationCidr());
                    }
                }
            }
            for (Map.Entry<String, String> e : have.entrySet()) {
                if (!wanted.containsKey(e.getKey()) && made.remove(e.getKey())) {
                    routes.deleteRoute(clusterName, new Routes.Route(e.getKey(), null, e.getKey(),
                            e.getValue()));
                }
            }
        } catch (CloudException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static String internalIp(Node node) {
        if (node.getStatus() == null || node.getStatus().getAddresses() == null) {
            return null;
        }
        for (NodeAddress a : node.getStatus().getAddresses()) {
            if ("InternalIP".equals(a.getType())) {
                return a.getAddress();
            }
        }
        return null;
    }

    List<String> made() {
        return List.copyOf(made);
    }
}
