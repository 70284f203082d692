package io.j8s.apiserver.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * kubectl's client-side apply annotation, as upstream's last-applied manager and updater use it
 * so that {@code kubectl apply} can switch to {@code --server-side} and back: a server-side apply
 * by {@code kubectl} may take, without {@code --force-conflicts}, the fields that the annotation
 * names with the value the object still has (client-side apply set them and nobody changed them
 * since); and it keeps the annotation, where there is one, in step with what it applied.
 */
final class LastApplied {
    static final String ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";
    static final String KUBECTL = "kubectl";

    private LastApplied() {}

    /**
     * The conflicts that remain once those client-side apply explains are set aside; empty when
     * the apply may go ahead as if forced. Only {@code kubectl}'s own applies upgrade.
     */
    static Map<ManagedFieldsEntry, FieldSet> unexplained(ObjectNode live, String manager,
            Map<ManagedFieldsEntry, FieldSet> conflicts) {
        if (!manager.equals(KUBECTL) || live == null) {
            return conflicts;
        }
        FieldSet allowed = allowed(live);
        if (allowed == null) {
            return conflicts;
        }
        Map<ManagedFieldsEntry, FieldSet> left = new LinkedHashMap<>();
        conflicts.forEach((entry, fields) -> {
            FieldSet rest = fields.minus(allowed);
            if (!rest.isEmpty()) {
                left.put(entry, rest);
            }
        });
        return left;
    }

    /** The annotation's fields whose values the live object still has, or null without one. */
    private static FieldSet allowed(ObjectNode live) {
        JsonNode text = live.path("metadata").path("annotations").get(ANNOTATION);
        if (text == null || !text.isTextual() || text.asText().isEmpty()) {
            return null;
        }
        ObjectNode applied;
        try {
            JsonNode parsed = Json.MAPPER.readTree(text.asText());
            if (!(parsed instanceof ObjectNode o)) {
                return null;
            }
            applied = o;
        } catch (java.io.IOException e) {
            return null;
        }
        ObjectFields.Comparison c = ObjectFields.compare(applied, live);
        return ObjectFields.of(applied).minus(c.modified()).minus(c.added()).minus(c.removed());
    }

    /** Sets the annotation of {@code merged}, where it has one, to what kubectl applied. */
    static void keepInStep(ObjectNode merged, ObjectNode config, String manager) {
        if (!manager.equals(KUBECTL)) {
            return;
        }
        JsonNode annotations = merged.path("metadata").path("annotations");
        if (!annotations.has(ANNOTATION)) {
            return;
        }
        ObjectNode applied = config.deepCopy();
        if (applied.path("metadata").get("annotations") instanceof ObjectNode a) {
            a.remove(ANNOTATION);
        }
        ((ObjectNode) annotations).put(ANNOTATION, applied.toString());
    }
}
