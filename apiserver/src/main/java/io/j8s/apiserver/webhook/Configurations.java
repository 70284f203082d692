package io.j8s.apiserver.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.apiserver.admission.ClusterObjects;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The webhooks of every Mutating- or ValidatingWebhookConfiguration, read from the watch cache
 * (in memory) and parsed again only when a configuration changed; configurations sorted by name,
 * as upstream orders them.
 */
final class Configurations {
    private final ClusterObjects objects;
    private final String plural;
    private volatile Parsed parsed = new Parsed("", List.of());

    private record Parsed(String versions, List<Webhook> hooks) {}

    Configurations(ClusterObjects objects, String plural) {
        this.objects = objects;
        this.plural = plural;
    }

    List<Webhook> webhooks() {
        List<ObjectNode> configs = new ArrayList<>(objects.cached(
                "admissionregistration.k8s.io", plural, null));
        if (configs.isEmpty()) {
            return List.of();
        }
        configs.sort(Comparator.comparing(c -> c.path("metadata").path("name").asText()));
        StringBuilder versions = new StringBuilder();
        configs.forEach(c -> versions.append(c.path("metadata").path("name").asText()).append('@')
                .append(c.path("metadata").path("resourceVersion").asText()).append(','));
        Parsed p = parsed;
        if (p.versions().contentEquals(versions)) {
            return p.hooks();
        }
        List<Webhook> hooks = new ArrayList<>();
        configs.forEach(c -> hooks.addAll(Webhook.of(c)));
        parsed = new Parsed(versions.toString(), List.copyOf(hooks));
        return parsed.hooks();
    }
}
