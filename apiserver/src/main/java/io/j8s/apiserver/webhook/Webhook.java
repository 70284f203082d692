package io.j8s.apiserver.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.selectors.LabelSelector;
import java.util.ArrayList;
import java.util.List;

/**
 * One webhook of a Mutating- or ValidatingWebhookConfiguration, with upstream's defaults where
 * the stored object has none.
 *
 * @param configuration the name of the configuration it is in
 * @param index its place in the configuration's {@code webhooks}
 */
record Webhook(String configuration, int index, String name, JsonNode clientConfig,
        List<JsonNode> rules, LabelSelector namespaceSelector, LabelSelector objectSelector,
        List<JsonNode> matchConditions, String failurePolicy, String matchPolicy,
        String sideEffects, int timeoutSeconds, List<String> admissionReviewVersions,
        boolean reinvokeIfNeeded) {

    /** The webhooks of a configuration, in their order. */
    static List<Webhook> of(JsonNode configuration) {
        String name = configuration.path("metadata").path("name").asText("");
        List<Webhook> hooks = new ArrayList<>();
        int i = 0;
        for (JsonNode w : configuration.path("webhooks")) {
            List<String> versions = new ArrayList<>();
            w.path("admissionReviewVersions").forEach(v -> versions.add(v.asText()));
            hooks.add(new Webhook(name, i++, w.path("name").asText(""), w.path("clientConfig"),
                    list(w.path("rules")), SelectorMatch.selector(w.path("namespaceSelector")),
                    SelectorMatch.selector(w.path("objectSelector")),
                    list(w.path("matchConditions")), w.path("failurePolicy").asText("Fail"),
                    w.path("matchPolicy").asText("Equivalent"), w.path("sideEffects").asText(""),
                    w.path("timeoutSeconds").asInt(10), versions,
                    w.path("reinvocationPolicy").asText("Never").equals("IfNeeded")));
        }
        return hooks;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    boolean ignoresFailures() {
        return failurePolicy.equals("Ignore");
    }

    /** Whether a dry-run request may call it: side effects None or NoneOnDryRun. */
    boolean dryRunSafe() {
        return sideEffects.equals("None") || sideEffects.equals("NoneOnDryRun");
    }
}
