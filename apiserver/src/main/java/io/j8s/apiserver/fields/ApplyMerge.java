package io.j8s.apiserver.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.apiserver.openapi.MergeSchema;
import java.util.Map;

/**
 * Merges an applied configuration into a live object: maps merge key by key, lists that are maps
 * merge element by element on their keys, sets take the union, atomic lists and scalars are
 * replaced, and a null in the configuration removes the field. The object's schema types the
 * lists.
 */
final class ApplyMerge {
    private ApplyMerge() {}

    static ObjectNode merge(ObjectNode live, ObjectNode config) {
        ObjectNode out = live.deepCopy();
        mergeInto(out, config, ListType.schemaOf(config, live));
        return out;
    }

    private static void mergeInto(ObjectNode out, ObjectNode config, MergeSchema schema) {
        for (Map.Entry<String, JsonNode> e : config.properties()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            JsonNode current = out.get(key);
            MergeSchema.Field field = schema.field(key);
            if (value.isNull()) {
                out.remove(key);
            } else if (value.isObject() && current instanceof ObjectNode o) {
                mergeInto(o, (ObjectNode) value, field.type());
            } else if (value.isArray() && current instanceof ArrayNode a) {
                out.set(key, mergeList(field, a, (ArrayNode) value));
            } else {
                out.set(key, value.deepCopy());
            }
        }
    }

    private static ArrayNode mergeList(MergeSchema.Field field, ArrayNode live,
            ArrayNode config) {
        ListType type = ListType.of(field);
        if (type.kind() == ListType.Kind.ATOMIC) {
            return config.deepCopy();
        }
        ArrayNode out = live.deepCopy();
        for (JsonNode element : config) {
            int at = ObjectFields.indexOf(field, out, ObjectFields.element(type, element));
            if (at < 0) {
                out.add(element.deepCopy());
            } else if (type.kind() == ListType.Kind.MAP && element.isObject()
                    && out.get(at) instanceof ObjectNode o) {
                mergeInto(o, (ObjectNode) element, field.type().items());
            }
        }
        return out;
    }
}
