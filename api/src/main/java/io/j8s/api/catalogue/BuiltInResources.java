package io.j8s.api.catalogue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Set;

/** The built-in resources and how each is served. */
final class BuiltInResources {
    private BuiltInResources() {}

    static List<ResourceType> all() {
        return List.of(
                core("Namespace", "namespaces", false, List.of("ns"), Set.of("status", "finalize"),
                        Namespace.class),
                core("Pod", "pods", true, List.of("po"), Set.of("status", "binding", "eviction",
                        "log", "exec", "attach", "portforward"), Pod.class),
                core("ConfigMap", "configmaps", true, List.of("cm"), Set.of(), ConfigMap.class));
    }

    private static ResourceType core(String kind, String plural, boolean namespaced,
            List<String> shortNames, Set<String> subresources, Class<? extends HasMetadata> type) {
        return new ResourceType("", "v1", kind, plural, kind.toLowerCase(java.util.Locale.ROOT),
                namespaced, shortNames, List.of(), subresources, ResourceType.ALL_VERBS, type,
                "/registry/" + plural + "/");
    }
}
