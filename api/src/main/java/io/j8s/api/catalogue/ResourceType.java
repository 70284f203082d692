package io.j8s.api.catalogue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.j8s.api.errors.StatusException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One resource the API serves, as discovery describes it.
 *
 * @param group the API group; empty for the core group
 * @param version the served version, such as {@code v1}
 * @param kind the kind, such as {@code Deployment}
 * @param plural the resource name in URLs, such as {@code deployments}
 * @param singular the singular name, such as {@code deployment}
 * @param namespaced true when objects live in a namespace
 * @param shortNames kubectl's short names, such as {@code deploy}
 * @param categories such as {@code all}
 * @param subresources such as {@code status}, {@code scale}, {@code log}
 * @param verbs the verbs discovery lists
 * @param type the fabric8 class of one object
 * @param storagePrefix the store key prefix, such as {@code /registry/deployments/}; two entries
 *     share a prefix when upstream serves one stored resource in two group/versions
 *     ({@code autoscaling/v1} and {@code autoscaling/v2} horizontalpodautoscalers, core and
 *     {@code events.k8s.io} events); empty for a resource that is never stored: the create-only
 *     {@code bindings} and the reviews of {@code authentication.k8s.io} and
 *     {@code authorization.k8s.io}
 * @param listKind the kind of its lists: {@code PodList}; a custom resource's may be any
 *     ({@code spec.names.listKind})
 */
public record ResourceType(
        String group,
        String version,
        String kind,
        String plural,
        String singular,
        boolean namespaced,
        List<String> shortNames,
        List<String> categories,
        Set<String> subresources,
        List<String> verbs,
        Class<? extends HasMetadata> type,
        String storagePrefix,
        String listKind) {

    /** The verbs of an ordinary resource. */
    public static final List<String> ALL_VERBS = List.of("create", "delete", "deletecollection",
            "get", "list", "patch", "update", "watch");

    public ResourceType {
        Objects.requireNonNull(group);
        Objects.requireNonNull(version);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(plural);
        Objects.requireNonNull(listKind);
        shortNames = List.copyOf(shortNames);
        categories = List.copyOf(categories);
        subresources = Set.copyOf(subresources);
        verbs = List.copyOf(verbs);
    }

    /** A resource whose lists are of kind {@code KIND + "List"}, as every built-in one. */
    public ResourceType(String group, String version, String kind, String plural,
            String singular, boolean namespaced, List<String> shortNames, List<String> categories,
            Set<String> subresources, List<String> verbs, Class<? extends HasMetadata> type,
            String storagePrefix) {
        this(group, version, kind, plural, singular, namespaced, shortNames, categories,
                subresources, verbs, type, storagePrefix, kind + "List");
    }

    /** {@code v1} or {@code apps/v1}. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** False for a create-only resource that keeps nothing of its own (bindings, the reviews). */
    public boolean stored() {
        return !storagePrefix.isEmpty();
    }

    /** How errors name this resource. */
    public StatusException.Resource errorName() {
        return new StatusException.Resource(group, plural);
    }

    /** The subresource {@code name} as discovery describes it, when this resource has it. */
    public Optional<Subresource> subresource(String name) {
        return subresources.contains(name) ? Optional.of(Subresource.of(this, name)) : Optional.empty();
    }

    /** Every subresource as discovery describes it, sorted by name as upstream lists them. */
    public List<Subresource> describedSubresources() {
        return subresources.stream().sorted(Comparator.naturalOrder())
                .map(name -> Subresource.of(this, name)).toList();
    }

    /** The store key of one object. */
    public String key(String namespace, String name) {
        return namespaced ? storagePrefix + namespace + "/" + name : storagePrefix + name;
    }

    /** The store prefix of every object in a namespace, or of all of them when it is null or empty. */
    public String prefix(String namespace) {
        return namespaced && namespace != null && !namespace.isEmpty()
                ? storagePrefix + namespace + "/" : storagePrefix;
    }
}
