package io.j8s.cloud.local;

import io.j8s.cloud.provider.CloudException;
import io.j8s.cloud.provider.Routes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * Pod CIDR routes in this machine's {@link RouteTable}. A node whose address is this machine's own
 * (the server's node, or several test nodes on one host) needs no route: its pods are behind a
 * local bridge already; that is said once per node and address, and nothing is written.
 */
final class LocalRoutes implements Routes {
    private static final Logger LOG = Logger.getLogger(LocalRoutes.class.getName());
    private final RouteTable table;
    private final Predicate<String> local;
    private final Set<String> saidLocal = ConcurrentHashMap.newKeySet();

    LocalRoutes(RouteTable table, Predicate<String> local) {
        this.table = table;
        this.local = local;
    }

    @Override
    public List<Route> listRoutes(String clusterName) throws CloudException {
        try {
            List<Route> out = new ArrayList<>();
            for (Map.Entry<String, String> e : table.list().entrySet()) {
                out.add(new Route(e.getKey(), null, e.getKey(), e.getValue()));
            }
            return out;
        } catch (IOException e) {
            throw new CloudException("listing routes: " + e.getMessage());
        }
    }

    @Override
    public void createRoute(String clusterName, String nameHint, Route route) throws CloudException {
        if (local.test(route.gateway())) {
            if (saidLocal.add(route.targetNode() + "@" + route.gateway())) {
                LOG.info("node " + route.targetNode() + " is at " + route.gateway()
                        + ", an address of this machine: its pod CIDR " + route.destinationCidr()
                        + " is local, no route made");
            }
            return;
        }
        try {
            table.replace(route.destinationCidr(), route.gateway());
            LOG.info("route " + route.destinationCidr() + " via " + route.gateway() + " (node "
                    + route.targetNode() + ")");
        } catch (IOException e) {
            throw new CloudException("route " + route.destinationCidr() + " via "
                    + route.gateway() + ": " + e.getMessage());
        }
    }

    @Override
    public void deleteRoute(String clusterName, Route route) throws CloudException {
        try {
            table.delete(route.destinationCidr());
            LOG.info("route " + route.destinationCidr() + " removed");
        } catch (IOException e) {
            throw new CloudException("removing route " + route.destinationCidr() + ": "
                    + e.getMessage());
        }
    }
}
