package io.j8s.cloud.provider;

import java.util.Optional;

/**
 * A cloud provider, as upstream's {@code cloudprovider.Interface}: its name and the parts it
 * implements; a part it lacks is empty and the controller that needs it does not run.
 */
public interface CloudProvider {
    String providerName();

    /** What the provider knows of the machines behind Nodes. */
    Optional<InstancesV2> instancesV2();

    /** Zones and regions; empty when the provider has none. */
    default Optional<Zones> zones() {
        return Optional.empty();
    }

    Optional<LoadBalancer> loadBalancer();

    Optional<Routes> routes();
}
