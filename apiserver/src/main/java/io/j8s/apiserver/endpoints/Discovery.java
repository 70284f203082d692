package io.j8s.apiserver.endpoints;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.J8sVersion;
import io.j8s.api.catalogue.ResourceCatalogue;
import io.j8s.api.catalogue.ResourceType;
import io.j8s.api.catalogue.Subresource;
import io.j8s.api.codec.Json;
import java.util.List;

/** The discovery documents kubectl reads first: /api, /apis, /apis/g, the resource lists. */
final class Discovery {
    private final ResourceCatalogue catalogue;
    volatile DiscoverySource extra = DiscoverySource.NONE;

    Discovery(ResourceCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    ObjectNode coreVersions(String serverAddress) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("kind", "APIVersions");
        n.putArray("versions").add("v1");
        ObjectNode cidr = n.putArray("serverAddressByClientCIDRs").addObject();
        cidr.put("clientCIDR", "0.0.0.0/0");
        cidr.put("serverAddress", serverAddress);
        return n;
    }

    ObjectNode groups() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("kind", "APIGroupList");
        n.put("apiVersion", "v1");
        ArrayNode groups = n.putArray("groups");
        catalogue.groupVersions().forEach((group, versions) -> {
            if (!group.isEmpty()) {
                groups.add(group(group, versions));
            }
        });
        extra.groups().forEach(groups::add);
        return n;
    }

    /** The APIGroup document of one group, or null when it is not served. */
    ObjectNode group(String group) {
        List<String> versions = catalogue.groupVersions().get(group);
        if (versions == null || group.isEmpty()) {
            return extra.groups().stream().filter(g -> g.path("name").asText().equals(group))
                    .findFirst().map(g -> g.deepCopy().put("kind", "APIGroup")
                            .put("apiVersion", "v1")).orElse(null);
        }
        ObjectNode n = group(group, versions);
        n.put("kind", "APIGroup");
        n.put("apiVersion", "v1");
        return n;
    }

    private static ObjectNode group(String group, List<String> versions) {
        ObjectNode g = Json.MAPPER.createObjectNode();
        g.put("name", group);
        ArrayNode vs = g.putArray("versions");
        for (String v : versions) {
            vs.addObject().put("groupVersion", group + "/" + v).put("version", v);
        }
        String preferred = versions.getFirst(); // the catalogue lists them in preference order
        g.putObject("preferredVersion").put("groupVersion", group + "/" + preferred)
                .put("version", preferred);
        return g;
    }

    /** The APIResourceList of one group version, or null when it is not served. */
    ObjectNode resources(String group, String version) {
        List<ResourceType> types = served(catalogue, group, version);
        if (types.isEmpty()) {
            return null;
        }
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("kind", "APIResourceList");
        n.put("apiVersion", "v1");
        n.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode list = n.putArray("resources");
        for (ResourceType t : types) {
            ObjectNode r = list.addObject();
            r.put("name", t.plural());
            r.put("singularName", t.singular());
            r.put("namespaced", t.namespaced());
            r.put("kind", t.kind());
            t.verbs().forEach(r.withArray("verbs")::add);
            if (!t.shortNames().isEmpty()) {
                t.shortNames().forEach(r.withArray("shortNames")::add);
            }
            if (!t.categories().isEmpty()) {
                t.categories().forEach(r.withArray("categories")::add);
            }
            for (Subresource sub : t.describedSubresources()) {
                ObjectNode s = list.addObject();
                s.put("name", t.plural() + "/" + sub.name());
                s.put("singularName", "");
                s.put("namespaced", t.namespaced());
                if (sub.crossesGroupVersion(t)) {
                    s.put("group", sub.group()).put("version", sub.version());
                }
                s.put("kind", sub.kind());
                sub.verbs().forEach(s.withArray("verbs")::add);
            }
        }
        return n;
    }

    /**
     * The resources of one group version in the order discovery lists them. Legacy and
     * aggregated discovery both read this, so the two always describe the same resources.
     */
    static List<ResourceType> served(ResourceCatalogue catalogue, String group, String version) {
        return catalogue.all().stream()
                .filter(t -> t.group().equals(group) && t.version().equals(version))
                .toList();
    }

    static ObjectNode version() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        String k8s = J8sVersion.kubernetesVersion();
        String[] parts = k8s.substring(1).split("\\.");
        n.put("major", parts[0]);
        n.put("minor", parts[1]);
        n.put("gitVersion", k8s + "+j8s-" + J8sVersion.version());
        n.put("gitCommit", "");
        n.put("gitTreeState", "clean");
        n.put("buildDate", "");
        n.put("goVersion", "java" + Runtime.version().feature());
        n.put("compiler", "j8s");
        n.put("platform", "linux/" + ("amd64".equals(System.getProperty("os.arch")) ? "amd64"
                : System.getProperty("os.arch")));
        return n;
    }
}
