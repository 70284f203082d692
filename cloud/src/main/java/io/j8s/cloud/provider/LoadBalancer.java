package io.j8s.cloud.provider;

import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Optional;

/** Load balancers of Services of type LoadBalancer, as upstream's {@code cloudprovider.LoadBalancer}. */
public interface LoadBalancer {
    /** The balancer of {@code service}, if one exists. */
    Optional<LoadBalancerStatus> getLoadBalancer(String clusterName, Service service);

    /** upstream's name of the balancer of a Service: "a" + its UID without dashes, at most 32. */
    default String loadBalancerName(Service service) {
        String name = "a" + service.getMetadata().getUid().replace("-", "");
        return name.length() > 32 ? name.substring(0, 32) : name;
    }

    /**
     * Creates or updates the balancer and returns its status.
     *
     * @throws CloudException when it cannot (no address left, a port taken): the Service stays
     *     pending and the message goes into a Warning event
     */
    LoadBalancerStatus ensureLoadBalancer(String clusterName, Service service, List<Node> nodes)
            throws CloudException;

    /** Releases the balancer of {@code service}; a balancer that is gone already is fine. */
    void ensureLoadBalancerDeleted(String clusterName, Service service) throws CloudException;
}
