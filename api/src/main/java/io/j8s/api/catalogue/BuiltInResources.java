package io.j8s.api.catalogue;

import java.util.ArrayList;
import java.util.List;

/**
 * The built-in resources and how each is served, in upstream's discovery order: the core group,
 * then the named groups in the order upstream's {@code /apis} lists them.
 */
final class BuiltInResources {
    private BuiltInResources() {}

    static List<ResourceType> all() {
        List<ResourceType> all = new ArrayList<>(CoreResources.v1());
        all.addAll(ServerGroups.apiRegistration());
        all.addAll(WorkloadGroups.apps());
        all.addAll(WorkloadGroups.events());
        all.addAll(ClusterGroups.authentication());
        all.addAll(ClusterGroups.authorization());
        all.addAll(WorkloadGroups.autoscaling());
        all.addAll(WorkloadGroups.batch());
        all.addAll(ServerGroups.certificates());
        all.addAll(WorkloadGroups.networking());
        all.addAll(WorkloadGroups.policy());
        all.addAll(ClusterGroups.rbac());
        all.addAll(ClusterGroups.storage());
        all.addAll(ClusterGroups.admissionRegistration());
        all.addAll(ClusterGroups.apiExtensions());
        all.addAll(ClusterGroups.scheduling());
        all.addAll(ClusterGroups.coordination());
        all.addAll(ClusterGroups.node());
        all.addAll(ClusterGroups.discovery());
        all.addAll(ServerGroups.flowControl());
        return List.copyOf(all);
    }
}
