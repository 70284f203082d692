package io.j8s.api.catalogue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The resources the API serves, looked up the ways requests and clients name them. The built-in
 * resources are fixed; the resources of CustomResourceDefinitions come and go
 * ({@link #add}, {@link #remove}), and {@link #generation()} counts those changes so that what is
 * built from the catalogue (discovery, OpenAPI) knows when to build again.
 */
public final class ResourceCatalogue {
    private final List<ResourceType> fixed;
    private volatile State state;

    private record State(List<ResourceType> all, Map<String, ResourceType> byPath,
            Map<String, ResourceType> byKind, Set<ResourceType> custom, long generation) {}

    public ResourceCatalogue(Collection<ResourceType> types) {
        this.fixed = List.copyOf(types);
        this.state = index(fixed, List.of(), 0);
    }

    private static State index(List<ResourceType> fixed, List<ResourceType> custom,
            long generation) {
        List<ResourceType> all = new ArrayList<>(fixed);
        all.addAll(custom);
        Map<String, ResourceType> byPath = new LinkedHashMap<>();
        Map<String, ResourceType> byKind = new LinkedHashMap<>();
        for (ResourceType t : all) {
            if (byPath.put(t.apiVersion() + "/" + t.plural(), t) != null) {
                throw new IllegalArgumentException("served twice: " + t.apiVersion() + "/" + t.plural());
            }
            byKind.putIfAbsent(t.apiVersion() + "/" + t.kind(), t);
        }
        return new State(List.copyOf(all), byPath, byKind, Set.copyOf(custom), generation);
    }

    /** Every built-in resource of j8s. */
    public static ResourceCatalogue builtIn() {
        return new ResourceCatalogue(BuiltInResources.all());
    }

    public List<ResourceType> all() {
        return state.all();
    }

    /** The resources the catalogue was made with, without those added since. */
    public List<ResourceType> fixed() {
        return fixed;
    }

    /** True for a resource {@link #add added} while serving (a custom resource). */
    public boolean isAdded(ResourceType type) {
        return state.custom().contains(type);
    }

    /** How many times the served resources changed. */
    public long generation() {
        return state.generation();
    }

    /**
     * Serves {@code types} too; each group's versions are kept in upstream's version priority
     * (GA before beta before alpha, higher first).
     *
     * @throws IllegalArgumentException when one of them is served already
     */
    public synchronized void add(Collection<ResourceType> types) {
        replace(t -> false, types);
    }

    /** In one change: stops serving the added resources {@code which} matches, serves {@code types}. */
    public synchronized void replace(Predicate<ResourceType> which, Collection<ResourceType> types) {
        List<ResourceType> custom = new ArrayList<>();
        for (ResourceType t : state.all().subList(fixed.size(), state.all().size())) {
            if (!which.test(t)) {
                custom.add(t);
            }
        }
        custom.addAll(types);
        custom.sort((a, b) -> {
            int g = a.group().compareTo(b.group());
            if (g != 0) {
                return g;
            }
            int v = VersionPriority.compare(a.version(), b.version());
            return v != 0 ? v : a.plural().compareTo(b.plural());
        });
        state = index(fixed, custom, state.generation() + 1);
    }

    /** Stops serving the added resources that {@code which} matches. */
    public synchronized void remove(Predicate<ResourceType> which) {
        List<ResourceType> custom = new ArrayList<>(state.all().subList(fixed.size(),
                state.all().size()));
        Set<ResourceType> gone = new HashSet<>();
        for (ResourceType t : custom) {
            if (which.test(t)) {
                gone.add(t);
            }
        }
        if (gone.isEmpty()) {
            return;
        }
        custom.removeAll(gone);
        state = index(fixed, custom, state.generation() + 1);
    }

    /** The resources that keep objects in the store: all but the create-only reviews. */
    public List<ResourceType> stored() {
        return all().stream().filter(ResourceType::stored).toList();
    }

    /** The resource at {@code /api/v1/pods} or {@code /apis/apps/v1/deployments}. */
    public Optional<ResourceType> find(String group, String version, String plural) {
        String apiVersion = group.isEmpty() ? version : group + "/" + version;
        return Optional.ofNullable(state.byPath().get(apiVersion + "/" + plural));
    }

    /** The resource that stores objects of {@code apiVersion} and {@code kind}. */
    public Optional<ResourceType> findKind(String apiVersion, String kind) {
        return Optional.ofNullable(state.byKind().get(apiVersion + "/" + kind));
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
        for (ResourceType t : all()) {
            List<String> versions = out.computeIfAbsent(t.group(), g -> new ArrayList<>());
            if (!versions.contains(t.version())) {
                versions.add(t.version());
            }
        }
        return out;
    }
}
