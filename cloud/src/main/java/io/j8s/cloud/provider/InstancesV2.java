package io.j8s.cloud.provider;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import java.util.List;

/** The machines behind Nodes, as upstream's {@code cloudprovider.InstancesV2}. */
public interface InstancesV2 {
    /** What upstream's InstanceMetadata holds; zone and region may be empty. */
    record InstanceMetadata(String providerId, String instanceType, List<NodeAddress> addresses,
            String zone, String region) {}

    boolean instanceExists(Node node);

    boolean instanceShutdown(Node node);

    /**
     * The node's metadata.
     *
     * @throws CloudException when it is not known yet (e.g. no address reported), to retry
     */
    InstanceMetadata instanceMetadata(Node node) throws CloudException;
}
