package io.j8s.apiserver.openapi;

import java.util.List;
import java.util.Map;

/**
 * The fields upstream's definitions mark {@code required}, for the types manifests commonly hold.
 * fabric8's model does not record them. kubectl's client-side validation rejects an object that
 * lacks one, so only fields upstream really requires belong here.
 */
final class RequiredFields {
    private static final String CORE = "io.k8s.api.core.v1.";
    private static final String META = DefinitionNames.META;

    private static final Map<String, List<String>> BY_DEFINITION = Map.ofEntries(
            Map.entry(META + "OwnerReference", List.of("apiVersion", "kind", "name", "uid")),
            Map.entry(META + "LabelSelectorRequirement", List.of("key", "operator")),
            Map.entry(META + "Condition",
                    List.of("type", "status", "lastTransitionTime", "reason", "message")),

            Map.entry(CORE + "PodSpec", List.of("containers")),
            Map.entry(CORE + "Container", List.of("name")),
            Map.entry(CORE + "EphemeralContainer", List.of("name")),
            Map.entry(CORE + "ContainerPort", List.of("containerPort")),
            Map.entry(CORE + "EnvVar", List.of("name")),
            Map.entry(CORE + "Volume", List.of("name")),
            Map.entry(CORE + "VolumeMount", List.of("name", "mountPath")),
            Map.entry(CORE + "VolumeDevice", List.of("name", "devicePath")),
            Map.entry(CORE + "KeyToPath", List.of("key", "path")),
            Map.entry(CORE + "ConfigMapKeySelector", List.of("key")),
            Map.entry(CORE + "SecretKeySelector", List.of("key")),
            Map.entry(CORE + "ObjectFieldSelector", List.of("fieldPath")),
            Map.entry(CORE + "ResourceFieldSelector", List.of("resource")),
            Map.entry(CORE + "HTTPGetAction", List.of("port")),
            Map.entry(CORE + "HTTPHeader", List.of("name", "value")),
            Map.entry(CORE + "TCPSocketAction", List.of("port")),
            Map.entry(CORE + "GRPCAction", List.of("port")),
            Map.entry(CORE + "HostPathVolumeSource", List.of("path")),
            Map.entry(CORE + "PersistentVolumeClaimVolumeSource", List.of("claimName")),
            Map.entry(CORE + "NodeSelector", List.of("nodeSelectorTerms")),
            Map.entry(CORE + "NodeSelectorRequirement", List.of("key", "operator")),
            Map.entry(CORE + "PodAffinityTerm", List.of("topologyKey")),
            Map.entry(CORE + "WeightedPodAffinityTerm", List.of("weight", "podAffinityTerm")),
            Map.entry(CORE + "PreferredSchedulingTerm", List.of("weight", "preference")),
            Map.entry(CORE + "TopologySpreadConstraint",
                    List.of("maxSkew", "topologyKey", "whenUnsatisfiable")),
            Map.entry(CORE + "Sysctl", List.of("name", "value")),
            Map.entry(CORE + "SeccompProfile", List.of("type")),
            Map.entry(CORE + "Taint", List.of("key", "effect")),
            Map.entry(CORE + "ServicePort", List.of("port")),
            Map.entry(CORE + "Binding", List.of("target")),
            Map.entry(CORE + "PodCondition", List.of("type", "status")),
            Map.entry(CORE + "NamespaceCondition", List.of("type", "status")),
            Map.entry(CORE + "NodeCondition", List.of("type", "status")),

            Map.entry("io.k8s.api.apps.v1.DeploymentSpec", List.of("selector", "template")),
            Map.entry("io.k8s.api.apps.v1.ReplicaSetSpec", List.of("selector")),
            Map.entry("io.k8s.api.apps.v1.DaemonSetSpec", List.of("selector", "template")),
            Map.entry("io.k8s.api.apps.v1.StatefulSetSpec", List.of("selector", "template")),
            Map.entry("io.k8s.api.apps.v1.DeploymentCondition", List.of("type", "status")),
            Map.entry("io.k8s.api.batch.v1.JobSpec", List.of("template")),
            Map.entry("io.k8s.api.batch.v1.CronJobSpec", List.of("schedule", "jobTemplate")),
            Map.entry("io.k8s.api.rbac.v1.Subject", List.of("kind", "name")),
            Map.entry("io.k8s.api.rbac.v1.RoleRef", List.of("apiGroup", "kind", "name")),
            Map.entry("io.k8s.api.rbac.v1.PolicyRule", List.of("verbs")),
            Map.entry("io.k8s.api.networking.v1.HTTPIngressPath", List.of("pathType", "backend")),
            Map.entry("io.k8s.api.networking.v1.HTTPIngressRuleValue", List.of("paths")),
            Map.entry("io.k8s.api.networking.v1.IngressServiceBackend", List.of("name")));

    private RequiredFields() {}

    static List<String> of(String definition) {
        return BY_DEFINITION.getOrDefault(definition, List.of());
    }
}
