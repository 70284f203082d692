package io.j8s.cloud.provider;

import java.util.List;

/** Routes to the pod CIDRs of nodes, as upstream's {@code cloudprovider.Routes}. */
public interface Routes {
    /** One route: traffic to {@code destinationCidr} goes to {@code targetNode} at {@code gateway}. */
    record Route(String name, String targetNode, String destinationCidr, String gateway) {}

    List<Route> listRoutes(String clusterName) throws CloudException;

    void createRoute(String clusterName, String nameHint, Route route) throws CloudException;

    void deleteRoute(String clusterName, Route route) throws CloudException;
}
