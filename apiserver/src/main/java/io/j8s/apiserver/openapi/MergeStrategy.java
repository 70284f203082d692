package io.j8s.apiserver.openapi;

import java.util.List;

/**
 * How a list (or map) field merges: strategic-merge-patch's {@code x-kubernetes-patch-merge-key}
 * and {@code x-kubernetes-patch-strategy} (both versions), server-side apply's
 * {@code x-kubernetes-list-type} and {@code x-kubernetes-list-map-keys} (v3 only, as upstream).
 * Empty strings and lists mean "not said".
 */
record MergeStrategy(String patchMergeKey, String patchStrategy, String listType,
        List<String> listMapKeys) {
    static final MergeStrategy NONE = new MergeStrategy("", "", "", List.of());

    MergeStrategy {
        listMapKeys = List.copyOf(listMapKeys);
    }

    /** A list of objects merged by {@code keys}, the first being the patch merge key. */
    static MergeStrategy map(String strategy, String... keys) {
        return new MergeStrategy(keys[0], strategy, "map", List.of(keys));
    }

    /** A list of objects merged by {@code key} in patches but replaced whole by apply. */
    static MergeStrategy mergeButAtomic(String key) {
        return new MergeStrategy(key, "merge", "atomic", List.of());
    }

    /** A list of scalars merged as a set. */
    static MergeStrategy set() {
        return new MergeStrategy("", "merge", "set", List.of());
    }

    /** An object whose fields a patch's {@code $retainKeys} list may clear. */
    static MergeStrategy retainKeys() {
        return new MergeStrategy("", "retainKeys", "", List.of());
    }

    static MergeStrategy atomic() {
        return new MergeStrategy("", "", "atomic", List.of());
    }
}
