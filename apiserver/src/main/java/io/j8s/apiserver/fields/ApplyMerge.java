package io.j8s.apiserver.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Merges an applied configuration into a live object: maps merge key by key, lists that are maps
 * merge element by element on their keys, sets take the union, atomic lists and scalars are
 * replaced, and a null in the configuration removes the field.
 */
final class ApplyMerge {
    private ApplyMerge() {}

    static ObjectNode merge(ObjectNode live, ObjectNode config) {
        ObjectNode out = live.deepCopy();
        mergeInto(out, config);
        return out;
    }

    private static void mergeInto(ObjectNode out, ObjectNode config) {
        for (Map.Entry<String, JsonNode> e : config.properties()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            JsonNode current = out.get(key);
            if (value.isNull()) {
                out.remove(key);
            } else if (value.isObject() && current instanceof ObjectNode o) {
                mergeInto(o, (ObjectNode) value);
            } else if (value.isArray() && current instanceof ArrayNode a) {
                out.set(key, mergeList(key, a, (ArrayNode) value));
            } else {
                out.set(key, value.deepCopy());
            }
        }
    }

    private static ArrayNode mergeList(String field, ArrayNode live, ArrayNode config) {
        JsonNode sample = config.isEmpty() ? (live.isEmpty() ? null : live.get(0)) : config.get(0);
        ListTypes.ListType type = ListTypes.of(field, sample);
        if (type.kind() == ListTypes.Kind.ATOMIC) {
            return config.deepCopy();
        }
        ArrayNode out = live.deepCopy();
        for (JsonNode element : config) {
            int at = ObjectFields.indexOf(field, out, ObjectFields.element(type, element));
            if (at < 0) {
                out.add(element.deepCopy());
            } else if (type.kind() == ListTypes.Kind.MAP && element.isObject()
                    && out.get(at) instanceof ObjectNode o) {
                mergeInto(o, (ObjectNode) element);
            }
        }
        return out;
    }
}
