package io.j8s.cloud;

import io.j8s.cloud.local.RouteTable;
import java.util.Map;
import java.util.TreeMap;

/** A routing table in memory, for the route controller's tests. */
final class FakeRouteTable implements RouteTable {
    final Map<String, String> routes = new TreeMap<>();

    @Override
    public synchronized Map<String, String> list() {
        return Map.copyOf(routes);
    }

    @Override
    public synchronized void replace(String cidr, String gateway) {
        routes.put(cidr, gateway);
    }

    @Override
    public synchronized void delete(String cidr) {
        routes.remove(cidr);
    }

    synchronized Map<String, String> snapshot() {
        return Map.copyOf(routes);
    }
}
