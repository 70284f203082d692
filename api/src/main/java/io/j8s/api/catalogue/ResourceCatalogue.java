package io.j8s.api.catalogue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The resources the API serves, looked up the ways requests and clients name them. */
public final class ResourceCatalogue {
    private final List<ResourceType> all;
    private final Map<String, ResourceType> byPath = new LinkedHashMap<>();
    private final Map<String, ResourceType> byKind = new LinkedHashMap<>();

    public ResourceCatalogue(Collection<ResourceType> types) {
        this.all = List.copyOf(types);
        for (ResourceType t : all) {
            if (byPath.put(t.apiVersion() + "/" + t.plural(), t) != null) {
                throw new IllegalArgumentException("served twice: " + t.apiVersion() + "/" + t.plural());
            }
            byKind.putIfAbsent(t.apiVersion() + "/" + t.kind(), t);
        }
    }

    /** Every built-in resource of j8s. */
    public static ResourceCatalogue builtIn() {
        return new ResourceCatalogue(BuiltInResources.all());
    }

    public List<ResourceType> all() {
        return all;
    }

    /** The resource at {@code /api/v1/pods} or {@code /apis/apps/v1/deployments}. */
    /** The resources that keep objects in the store: all but the create-only reviews. */
    public List<ResourceType> stored() {
        return all().stream().filter(ResourceType::stored).toList();
    }

    public Optional<ResourceType> find(String group, String version, String plural) {
        String apiVersion = group.isEmpty() ? version : group + "/" + version;
        return Optional.ofNullable(byPath.get(apiVersion + "/" + plural));
    }

    /** The resource that stores objects of {@code apiVersion} and {@code kind}. */
    public Optional<ResourceType> findKind(String apiVersion, String kind) {
        return Optional.ofNullable(byKind.get(apiVersion + "/" + kind));
    }

    /**
     * The version discovery names as preferred for {@code group} (empty for the core group): the
     * first one the catalogue lists, so {@code v2} for autoscaling.
     */
    public Optional<String> preferredVersion(String group) {
        List<String> versions = groupVersions().get(group);
        return versions == null ? Optional.empty() : Optional.of(versions.get(0));
    }

    /**
     * The groups, in the order discovery lists them (core first), each with its versions in
     * preference order.
     */
    public Map<String, List<String>> groupVersions() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (ResourceType t : all) {
            List<String> versions = out.computeIfAbsent(t.group(), g -> new ArrayList<>());
            if (!versions.contains(t.version())) {
                versions.add(t.version());
            }
        }
        return out;
    }
}
