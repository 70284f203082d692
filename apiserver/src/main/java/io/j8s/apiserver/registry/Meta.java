package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads and writes {@code metadata} of an object held as a JSON tree. */
final class Meta {
    private Meta() {}

    static ObjectNode of(ObjectNode object) {
        JsonNode m = object.get("metadata");
        if (m instanceof ObjectNode meta) {
            return meta;
        }
        ObjectNode meta = JsonNodeFactory.instance.objectNode();
        object.set("metadata", meta);
        return meta;
    }

    static String text(ObjectNode object, String field) {
        JsonNode m = object.get("metadata");
        if (m == null) {
            return "";
        }
        JsonNode v = m.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    static String name(ObjectNode o) {
        return text(o, "name");
    }

    static String namespace(ObjectNode o) {
        return text(o, "namespace");
    }

    static String uid(ObjectNode o) {
        return text(o, "uid");
    }

    static String resourceVersion(ObjectNode o) {
        return text(o, "resourceVersion");
    }

    static boolean deleting(ObjectNode o) {
        return !text(o, "deletionTimestamp").isEmpty();
    }

    static boolean hasFinalizers(ObjectNode o) {
        JsonNode f = of(o).get("finalizers");
        return f != null && f.isArray() && !f.isEmpty();
    }

    static boolean hasFinalizer(ObjectNode o, String finalizer) {
        JsonNode f = of(o).get("finalizers");
        if (f != null && f.isArray()) {
            for (JsonNode n : f) {
                if (finalizer.equals(n.asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    static void addFinalizer(ObjectNode o, String finalizer) {
        if (!hasFinalizer(o, finalizer)) {
            of(o).withArray("finalizers").add(finalizer);
        }
    }

    static Map<String, String> labels(ObjectNode o) {
        JsonNode m = o.get("metadata");
        JsonNode l = m == null ? null : m.get("labels");
        if (l == null || !l.isObject()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        l.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** Upstream's timestamp format: RFC 3339 in UTC, whole seconds. */
    static String timestamp(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }
}
