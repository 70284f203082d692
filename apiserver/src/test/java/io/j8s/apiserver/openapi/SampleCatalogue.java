package io.j8s.apiserver.openapi;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.j8s.api.catalogue.ResourceCatalogue;
import io.j8s.api.catalogue.ResourceType;
import java.util.List;
import java.util.Set;

/**
 * A catalogue of the kinds these tests look at, whatever the built-in catalogue serves today:
 * Namespace, Pod, ConfigMap, Service and apps/v1 Deployment.
 */
final class SampleCatalogue {
    private SampleCatalogue() {}

    static ResourceCatalogue of() {
        return new ResourceCatalogue(List.of(
                type("", "Namespace", "namespaces", false, Set.of("status", "finalize"),
                        Namespace.class),
                type("", "Pod", "pods", true, Set.of("status", "log"), Pod.class),
                type("", "ConfigMap", "configmaps", true, Set.of(), ConfigMap.class),
                type("", "Service", "services", true, Set.of("status"), Service.class),
                type("apps", "Deployment", "deployments", true, Set.of("status", "scale"),
                        Deployment.class)));
    }

    private static ResourceType type(String group, String kind, String plural, boolean namespaced,
            Set<String> subresources, Class<? extends HasMetadata> model) {
        return new ResourceType(group, "v1", kind, plural, kind.toLowerCase(java.util.Locale.ROOT),
                namespaced, List.of(), List.of(), subresources, ResourceType.ALL_VERBS, model,
                "/registry/" + plural + "/");
    }
}
