package io.j8s.api.catalogue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Spells one catalogue entry the way upstream's discovery shows it. The singular name is the
 * lower-cased kind (upstream's rule for built-in resources: {@code endpoints} stays
 * {@code endpoints}); verbs default to all eight.
 */
final class ResourceTypeBuilder {
    private final String group;
    private final String version;
    private final String kind;
    private final String plural;
    private final boolean namespaced;
    private final Class<? extends HasMetadata> type;
    private final String storagePrefix;
    private List<String> shortNames = List.of();
    private List<String> categories = List.of();
    private Set<String> subresources = Set.of();
    private List<String> verbs = ResourceType.ALL_VERBS;

    private ResourceTypeBuilder(String group, String version, String kind, String plural,
            boolean namespaced, Class<? extends HasMetadata> type, String storagePrefix) {
        this.group = group;
        this.version = version;
        this.kind = kind;
        this.plural = plural;
        this.namespaced = namespaced;
        this.type = type;
        this.storagePrefix = storagePrefix;
    }

    /** A namespaced resource of {@code group/version} stored under {@code storagePrefix}. */
    static ResourceTypeBuilder namespaced(String groupVersion, String kind, String plural,
            Class<? extends HasMetadata> type, String storagePrefix) {
        return of(groupVersion, kind, plural, true, type, storagePrefix);
    }

    /** A cluster-scoped resource of {@code group/version} stored under {@code storagePrefix}. */
    static ResourceTypeBuilder cluster(String groupVersion, String kind, String plural,
            Class<? extends HasMetadata> type, String storagePrefix) {
        return of(groupVersion, kind, plural, false, type, storagePrefix);
    }

    private static ResourceTypeBuilder of(String groupVersion, String kind, String plural,
            boolean namespaced, Class<? extends HasMetadata> type, String storagePrefix) {
        int slash = groupVersion.indexOf('/');
        String group = slash < 0 ? "" : groupVersion.substring(0, slash);
        String version = groupVersion.substring(slash + 1);
        return new ResourceTypeBuilder(group, version, kind, plural, namespaced, type, storagePrefix);
    }

    ResourceTypeBuilder shortNames(String... names) {
        this.shortNames = List.of(names);
        return this;
    }

    /** In the {@code all} category that {@code kubectl get all} lists. */
    ResourceTypeBuilder inAll() {
        this.categories = List.of("all");
        return this;
    }

    /** In the {@code api-extensions} category. */
    ResourceTypeBuilder inApiExtensions() {
        this.categories = List.of("api-extensions");
        return this;
    }

    ResourceTypeBuilder subresources(String... names) {
        this.subresources = Set.of(names);
        return this;
    }

    ResourceTypeBuilder verbs(String... verbs) {
        this.verbs = List.of(verbs);
        return this;
    }

    ResourceType build() {
        return new ResourceType(group, version, kind, plural, kind.toLowerCase(Locale.ROOT),
                namespaced, shortNames, categories, subresources, verbs, type, storagePrefix);
    }
}
