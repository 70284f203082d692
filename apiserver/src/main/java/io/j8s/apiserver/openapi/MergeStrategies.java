package io.j8s.apiserver.openapi;

import static io.j8s.apiserver.openapi.MergeStrategy.atomic;
import static io.j8s.apiserver.openapi.MergeStrategy.map;
import static io.j8s.apiserver.openapi.MergeStrategy.mergeButAtomic;
import static io.j8s.apiserver.openapi.MergeStrategy.retainKeys;
import static io.j8s.apiserver.openapi.MergeStrategy.set;

import java.util.Map;

/**
 * Upstream's {@code patchStrategy}/{@code patchMergeKey} and {@code listType}/{@code listMapKey}
 * markers for the lists that matter to {@code kubectl apply} and strategic merge patches. fabric8's
 * classes do not carry them, so they are listed here by definition and field. Any other field
 * named {@code conditions} holding objects with a {@code type} merges by type, as upstream's
 * status conditions do.
 */
final class MergeStrategies {
    private static final String CORE = "io.k8s.api.core.v1.";
    private static final String META = DefinitionNames.META;
    private static final String APPS = "io.k8s.api.apps.v1.";

    private static final Map<String, MergeStrategy> BY_FIELD = Map.ofEntries(
            Map.entry(META + "ObjectMeta.finalizers", set()),
            Map.entry(META + "ObjectMeta.ownerReferences", map("merge", "uid")),
            Map.entry(META + "ObjectMeta.managedFields", atomic()),

            Map.entry(CORE + "PodSpec.containers", map("merge", "name")),
            Map.entry(CORE + "PodSpec.initContainers", map("merge", "name")),
            Map.entry(CORE + "PodSpec.ephemeralContainers", map("merge", "name")),
            Map.entry(CORE + "PodSpec.volumes", map("merge,retainKeys", "name")),
            Map.entry(CORE + "PodSpec.imagePullSecrets", map("merge", "name")),
            Map.entry(CORE + "PodSpec.hostAliases", map("merge", "ip")),
            Map.entry(CORE + "PodSpec.topologySpreadConstraints",
                    map("merge", "topologyKey", "whenUnsatisfiable")),
            Map.entry(CORE + "PodSpec.schedulingGates", map("merge", "name")),
            Map.entry(CORE + "PodSpec.resourceClaims", map("merge,retainKeys", "name")),
            Map.entry(CORE + "PodSpec.tolerations", atomic()),
            Map.entry(CORE + "PodSpec.readinessGates", atomic()),

            Map.entry(CORE + "Container.env", map("merge", "name")),
            Map.entry(CORE + "Container.ports", map("merge", "containerPort", "protocol")),
            Map.entry(CORE + "Container.volumeMounts", map("merge", "mountPath")),
            Map.entry(CORE + "Container.volumeDevices", map("merge", "devicePath")),
            Map.entry(CORE + "Container.envFrom", atomic()),
            Map.entry(CORE + "Container.command", atomic()),
            Map.entry(CORE + "Container.args", atomic()),
            Map.entry(CORE + "Container.resizePolicy", atomic()),
            Map.entry(CORE + "EphemeralContainer.env", map("merge", "name")),
            Map.entry(CORE + "EphemeralContainer.ports", map("merge", "containerPort", "protocol")),
            Map.entry(CORE + "EphemeralContainer.volumeMounts", map("merge", "mountPath")),
            Map.entry(CORE + "EphemeralContainer.volumeDevices", map("merge", "devicePath")),
            Map.entry(CORE + "EphemeralContainer.envFrom", atomic()),
            Map.entry(CORE + "EphemeralContainer.command", atomic()),
            Map.entry(CORE + "EphemeralContainer.args", atomic()),

            Map.entry(CORE + "PodStatus.podIPs", map("merge", "ip")),
            Map.entry(CORE + "PodStatus.hostIPs", mergeButAtomic("ip")),
            Map.entry(CORE + "PodStatus.containerStatuses", atomic()),
            Map.entry(CORE + "PodStatus.initContainerStatuses", atomic()),
            Map.entry(CORE + "PodStatus.ephemeralContainerStatuses", atomic()),
            Map.entry(CORE + "PodStatus.resourceClaimStatuses", map("merge,retainKeys", "name")),

            Map.entry(CORE + "ServiceSpec.ports", map("merge", "port", "protocol")),
            Map.entry(CORE + "ServiceSpec.clusterIPs", atomic()),
            Map.entry(CORE + "ServiceSpec.externalIPs", atomic()),
            Map.entry(CORE + "ServiceSpec.ipFamilies", atomic()),
            Map.entry(CORE + "ServiceSpec.loadBalancerSourceRanges", atomic()),
            Map.entry(CORE + "EndpointSubset.addresses", atomic()),
            Map.entry(CORE + "EndpointSubset.ports", atomic()),

            Map.entry(CORE + "NodeSpec.podCIDRs", set()),
            Map.entry(CORE + "NodeSpec.taints", atomic()),
            Map.entry(CORE + "NodeStatus.addresses", map("merge", "type")),
            Map.entry(CORE + "NodeStatus.images", atomic()),

            Map.entry(CORE + "ServiceAccount.secrets", map("merge", "name")),

            Map.entry(APPS + "DeploymentSpec.strategy", retainKeys()),
            Map.entry(APPS + "StatefulSetSpec.volumeClaimTemplates", atomic()),
            Map.entry("io.k8s.api.batch.v1.JobStatus.conditions", mergeButAtomic("type")),
            Map.entry("io.k8s.api.batch.v1.CronJobStatus.active", atomic()));

    private MergeStrategies() {}

    /**
     * The strategy of {@code field} in {@code definition}, or {@link MergeStrategy#NONE};
     * {@code itemsHaveType} says whether the field is a list of objects with a {@code type}.
     */
    static MergeStrategy of(String definition, String field, boolean itemsHaveType) {
        MergeStrategy listed = BY_FIELD.get(definition + "." + field);
        if (listed != null) {
            return listed;
        }
        if (field.equals("conditions") && itemsHaveType) {
            return map("merge", "type");
        }
        return MergeStrategy.NONE;
    }
}
