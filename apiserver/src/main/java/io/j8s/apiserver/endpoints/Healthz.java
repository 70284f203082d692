package io.j8s.apiserver.endpoints;

import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.registry.Readiness;
import io.j8s.apiserver.registry.Registries;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * {@code /livez}, {@code /healthz} and {@code /readyz} as upstream's healthz handlers answer them:
 * "ok" when every check passes ({@code ?verbose} lists them, {@code [+]name ok}), otherwise 500
 * with every check listed and {@code [-]name failed: reason withheld} for the failing ones (the
 * endpoint is public; the reason goes to the log, and to {@code /readyz/NAME}, which needs
 * credentials). {@code ?exclude=name} skips a check. Readiness includes the store and each
 * resource's watch cache, so a cache that cannot reload says which resource it is.
 */
final class Healthz {
    private static final Logger LOG = Logger.getLogger(Healthz.class.getName());
    private static final String TEXT = "text/plain; charset=utf-8";

    private final Map<String, Map<String, Supplier<String>>> endpoints = new LinkedHashMap<>();

    Healthz(Registries registries) {
        Map<String, Supplier<String>> live = new LinkedHashMap<>();
        live.put("ping", () -> null);
        Map<String, Supplier<String>> health = new LinkedHashMap<>(live);
        health.put("etcd", Readiness.store(registries));
        Map<String, Supplier<String>> ready = new LinkedHashMap<>(health);
        ready.putAll(Readiness.watchCaches(registries));
        endpoints.put("livez", live);
        endpoints.put("healthz", health);
        endpoints.put("readyz", ready);
    }

    /** {@code segments} is the path: {@code readyz} or {@code readyz/watch-cache/pods}. */
    Reply serve(String[] segments, ApiRequest request) {
        Map<String, Supplier<String>> checks = endpoints.get(segments[0]);
        if (segments.length > 1) {
            String name = String.join("/", List.of(segments).subList(1, segments.length));
            Supplier<String> check = checks.get(name);
            if (check == null) {
                throw StatusException.noSuchPath();
            }
            String failure = check.get();
            return failure == null ? text(200, "ok")
                    : text(500, "internal server error: " + failure + "\n");
        }
        Set<String> excluded = new HashSet<>(request.query().getOrDefault("exclude", List.of()));
        StringBuilder lines = new StringBuilder();
        StringBuilder reasons = new StringBuilder();
        for (Map.Entry<String, Supplier<String>> c : checks.entrySet()) {
            if (excluded.remove(c.getKey())) {
                lines.append("[+]").append(c.getKey()).append(" excluded: ok\n");
                continue;
            }
            String failure = c.getValue().get();
            if (failure == null) {
                lines.append("[+]").append(c.getKey()).append(" ok\n");
            } else {
                lines.append("[-]").append(c.getKey()).append(" failed: reason withheld\n");
                reasons.append("[-]").append(c.getKey()).append(" failed: ").append(failure)
                        .append('\n');
            }
        }
        if (!excluded.isEmpty()) {
            lines.append("warn: some health checks cannot be excluded: no matches for ")
                    .append(String.join(",", excluded.stream().map(n -> "\"" + n + "\"")
                            .sorted().toList())).append('\n');
        }
        if (!reasons.isEmpty()) {
            LOG.fine(segments[0] + " check failed:\n" + reasons);
            return text(500, lines + segments[0] + " check failed\n");
        }
        if (!request.query().containsKey("verbose")) {
            return text(200, "ok");
        }
        return text(200, lines + segments[0] + " check passed\n");
    }

    private static Reply.Body text(int code, String body) {
        return new Reply.Body(code, TEXT, body.getBytes(StandardCharsets.UTF_8),
                "no-cache, private", List.of(), Map.of("X-Content-Type-Options", "nosniff"));
    }
}
