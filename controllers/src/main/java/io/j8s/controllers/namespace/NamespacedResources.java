package io.j8s.controllers.namespace;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The namespaced resources the API serves that can be listed and deleted, found by discovery in
 * the preferred version of every group (upstream's ServerPreferredNamespacedResources), custom
 * resources included. Groups that fail discovery are reported, not fatal.
 */
record NamespacedResources(List<Resource> resources, Map<String, String> failedGroups) {

    /** One resource: where to reach it and whether it takes a deletecollection. */
    record Resource(ResourceDefinitionContext context, boolean deleteCollection) {
        /** {@code plural.group}, as upstream's messages name it ({@code pods.} for core). */
        String name() {
            return context.getPlural() + "." + context.getGroup();
        }
    }

    static NamespacedResources discover(KubernetesClient client) {
        List<Resource> resources = new ArrayList<>();
        Map<String, String> failed = new TreeMap<>();
        List<String> groupVersions = new ArrayList<>(List.of("v1"));
        try {
            for (APIGroup g : client.getApiGroups().getGroups()) {
                groupVersions.add(g.getPreferredVersion() != null
                        ? g.getPreferredVersion().getGroupVersion()
                        : g.getVersions().getFirst().getGroupVersion());
            }
        } catch (RuntimeException e) {
            failed.put("apis", e.getMessage());
        }
        for (String gv : groupVersions) {
            try {
                APIResourceList list = client.getApiResources(gv);
                if (list == null) {
                    continue;
                }
                String group = gv.contains("/") ? gv.substring(0, gv.indexOf('/')) : "";
                String version = gv.substring(gv.indexOf('/') + 1);
                for (APIResource r : list.getResources()) {
                    if (r.getName().contains("/") || !Boolean.TRUE.equals(r.getNamespaced())
                            || r.getVerbs() == null || !r.getVerbs().contains("list")
                            || !r.getVerbs().contains("delete")) {
                        continue;
                    }
                    resources.add(new Resource(new ResourceDefinitionContext.Builder()
                            .withGroup(group).withVersion(version).withPlural(r.getName())
                            .withKind(r.getKind()).withNamespaced(true).build(),
                            r.getVerbs().contains("deletecollection")));
                }
            } catch (RuntimeException e) {
                failed.put(gv, e.getMessage());
            }
        }
        return new NamespacedResources(resources, failed);
    }
}
