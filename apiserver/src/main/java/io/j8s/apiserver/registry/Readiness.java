package io.j8s.apiserver.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the server needs before it can serve, as named checks for {@code /readyz}: the store
 * ({@code etcd}, upstream's name whatever the backend) and one {@code watch-cache/RESOURCE} per
 * cached resource ({@code pods}, {@code deployments.apps}). Each check answers null when it
 * passes, otherwise why not.
 */
public final class Readiness {
    private Readiness() {}

    /** The store answers reads. */
    public static Supplier<String> store(Registries registries) {
        Registry any = registries.namespaces();
        return () -> {
            try {
                any.store().currentRevision();
                return null;
            } catch (RuntimeException e) {
                return "the datastore does not answer: " + e.getMessage();
            }
        };
    }

    /** One check per watch cache, in catalogue order. */
    public static Map<String, Supplier<String>> watchCaches(Registries registries) {
        Map<String, Supplier<String>> checks = new LinkedHashMap<>();
        for (Registry r : registries.all()) {
            String group = r.type().group();
            String name = "watch-cache/" + r.type().plural() + (group.isEmpty() ? "" : "." + group);
            Supplier<String> check = r::cacheProblem;
            // a resource served at two versions has a cache per version: both must be ready
            checks.merge(name, check, (a, b) -> () -> a.get() != null ? a.get() : b.get());
        }
        return checks;
    }
}
