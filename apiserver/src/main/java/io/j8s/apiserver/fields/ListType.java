package io.j8s.apiserver.fields;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.apiserver.openapi.MergeSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * How apply treats a list, from the schema's {@code x-kubernetes-list-type}: a {@code map} keyed
 * by some fields, a {@code set} of scalars, or atomic (also a list the schema gives no type).
 */
record ListType(ListType.Kind kind, List<String> keys) {
    static final ListType ATOMIC = new ListType(Kind.ATOMIC, List.of());

    enum Kind { MAP, SET, ATOMIC }

    static ListType of(MergeSchema.Field field) {
        return switch (field.listType()) {
            case "map" -> field.listMapKeys().isEmpty() ? ATOMIC
                    : new ListType(Kind.MAP, field.listMapKeys());
            case "set" -> new ListType(Kind.SET, List.of());
            default -> ATOMIC;
        };
    }

    /** The schema of {@code object}, by its apiVersion and kind ({@code others} when it has none). */
    static MergeSchema schemaOf(JsonNode object, JsonNode... others) {
        List<JsonNode> all = new ArrayList<>();
        all.add(object);
        all.addAll(List.of(others));
        for (JsonNode o : all) {
            if (o != null && o.hasNonNull("kind") && o.hasNonNull("apiVersion")) {
                return MergeSchema.ofKind(o.get("apiVersion").asText(), o.get("kind").asText());
            }
        }
        return MergeSchema.NONE;
    }

    /** The value a missing key field of a {@code map} list element defaults to, or null. */
    static String keyDefault(String key) {
        return key.equals("protocol") ? "TCP" : null;
    }
}
