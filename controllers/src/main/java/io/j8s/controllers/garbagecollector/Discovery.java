package io.j8s.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which resources the collector watches: every one in the preferred version of its group that
 * can be listed, watched and deleted, less Events (upstream's ignored resources). Nothing is
 * hard-coded, so a CustomResourceDefinition's resource is collected once discovery shows it.
 */
final class Discovery {
    private static final Set<String> IGNORED = Set.of("/events", "events.k8s.io/events");

    private Discovery() {}

    static List<Resource> resources(KubernetesClient client) {
        List<Resource> found = new ArrayList<>();
        add(found, "", "v1", client.getApiResources("v1"));
        for (APIGroup g : client.getApiGroups().getGroups()) {
            String gv = g.getPreferredVersion() != null
                    ? g.getPreferredVersion().getGroupVersion()
                    : g.getVersions().get(0).getGroupVersion();
            String version = gv.substring(gv.indexOf('/') + 1);
            try {
                add(found, g.getName(), version, client.getApiResources(gv));
            } catch (RuntimeException e) {
                // An aggregated group that does not answer is left out until the next discovery.
            }
        }
        return found;
    }

    private static void add(List<Resource> found, String group, String version,
            APIResourceList list) {
        if (list == null) {
            return;
        }
        for (APIResource r : list.getResources()) {
            List<String> verbs = r.getVerbs() == null ? List.of() : r.getVerbs();
            if (r.getName().contains("/") || IGNORED.contains(group + "/" + r.getName())
                    || !verbs.containsAll(List.of("list", "watch", "delete"))) {
                continue;
            }
            found.add(new Resource(group, version, r.getName(), r.getKind(),
                    Boolean.TRUE.equals(r.getNamespaced())));
        }
    }
}
