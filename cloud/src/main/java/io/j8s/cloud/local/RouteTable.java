package io.j8s.cloud.local;

import java.io.IOException;
import java.util.Map;

/**
 * The routes of this machine that j8s made (and only those): destination CIDR to gateway. The
 * real one is {@link IpRouteTable}; tests give a map.
 */
public interface RouteTable {
    /** Every route j8s made, destination to gateway. */
    Map<String, String> list() throws IOException;

    /** Makes (or moves) the route to {@code cidr} via {@code gateway}. */
    void replace(String cidr, String gateway) throws IOException;

    void delete(String cidr) throws IOException;
}
