package io.j8s.apiserver.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import io.j8s.api.selectors.LabelSelector;
import io.j8s.apiserver.admission.AdmissionRequest;
import io.j8s.apiserver.admission.ClusterObjects;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A webhook's namespaceSelector (the labels of the request's namespace; of the namespace itself
 * when a namespace is written; ignored for other cluster-scoped objects) and objectSelector (the
 * labels of the new or of the old object).
 */
final class SelectorMatch {
    private SelectorMatch() {}

    static boolean namespace(Webhook hook, AdmissionRequest r, ClusterObjects objects) {
        LabelSelector selector = hook.namespaceSelector();
        if (selector.isEmpty()) {
            return true;
        }
        if (r.group().isEmpty() && r.plural().equals("namespaces")) {
            return matches(selector, r.object()) || matches(selector, r.old());
        }
        if (r.namespace() == null) {
            return true;
        }
        return objects.get("", "namespaces", null, r.namespace())
                .map(ns -> selector.matches(labels(ns))).orElse(false);
    }

    static boolean object(Webhook hook, AdmissionRequest r) {
        LabelSelector selector = hook.objectSelector();
        return selector.isEmpty() || matches(selector, r.object()) || matches(selector, r.old());
    }

    private static boolean matches(LabelSelector selector, ObjectNode o) {
        return o != null && selector.matches(labels(o));
    }

    /** A stored selector, parsed once when its configuration is read. */
    static LabelSelector selector(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return LabelSelector.of(new io.fabric8.kubernetes.api.model.LabelSelector());
        }
        return LabelSelector.of(Json.convert(node,
                io.fabric8.kubernetes.api.model.LabelSelector.class));
    }

    static Map<String, String> labels(JsonNode o) {
        Map<String, String> labels = new LinkedHashMap<>();
        o.path("metadata").path("labels").fields()
                .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }
}
