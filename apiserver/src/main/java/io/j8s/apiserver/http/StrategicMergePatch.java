package io.j8s.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.fields.ListTypes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes' strategic merge patch for the built-in kinds: like a merge patch, except that lists
 * with a patch merge key (containers by name, env by name, ports by port, ...) merge element by
 * element, lists with the merge strategy of primitives (finalizers) take the union, and the
 * directives {@code $patch}, {@code $retainKeys}, {@code $deleteFromPrimitiveList/} and
 * {@code $setElementOrder/} are honoured.
 */
final class StrategicMergePatch {
    private StrategicMergePatch() {}

    static JsonNode apply(JsonNode original, JsonNode patch) {
        if (!patch.isObject()) {
            throw StatusException.badRequest("a strategic merge patch must be a JSON object");
        }
        JsonNode merged = mergeObject(original, (ObjectNode) patch);
        return merged == null ? original.deepCopy() : merged;
    }

    /** The merge of two objects, or null when the patch deletes the object. */
    private static JsonNode mergeObject(JsonNode original, ObjectNode patch) {
        String directive = patch.path("$patch").asText("merge");
        if (directive.equals("delete")) {
            return null;
        }
        if (directive.equals("replace")) {
            ObjectNode clean = patch.deepCopy();
            clean.remove("$patch");
            return clean;
        }
        ObjectNode result = original != null && original.isObject()
                ? ((ObjectNode) original).deepCopy()
                : patch.objectNode();
        Iterator<Map.Entry<String, JsonNode>> it = patch.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (key.equals("$patch") || key.equals("$retainKeys")
                    || key.startsWith("$setElementOrder/")) {
                continue;
            }
            if (key.startsWith("$deleteFromPrimitiveList/")) {
                String field = key.substring("$deleteFromPrimitiveList/".length());
                JsonNode list = result.get(field);
                if (list instanceof ArrayNode a && value.isArray()) {
                    ArrayNode kept = a.arrayNode();
                    a.forEach(v -> {
                        if (!contains(value, v)) {
                            kept.add(v);
                        }
                    });
                    result.set(field, kept);
                }
                continue;
            }
            if (value.isNull()) {
                result.remove(key);
            } else if (value.isObject()) {
                JsonNode merged = mergeObject(result.get(key), (ObjectNode) value);
                if (merged == null) {
                    result.remove(key);
                } else {
                    result.set(key, merged);
                }
            } else if (value.isArray()) {
                result.set(key, mergeList(key, result.get(key), (ArrayNode) value));
            } else {
                result.set(key, value.deepCopy());
            }
        }
        JsonNode retain = patch.get("$retainKeys");
        if (retain != null && retain.isArray()) {
            Set<String> keep = new HashSet<>();
            retain.forEach(k -> keep.add(k.asText()));
            List<String> drop = new ArrayList<>();
            result.fieldNames().forEachRemaining(f -> {
                if (!keep.contains(f)) {
                    drop.add(f);
                }
            });
            result.remove(drop);
        }
        return result;
    }

    private static JsonNode mergeList(String field, JsonNode original, ArrayNode patch) {
        ArrayNode base = original instanceof ArrayNode a ? a.deepCopy() : patch.arrayNode();
        if (ListTypes.of(field, null).kind() == ListTypes.Kind.SET) {
            for (JsonNode v : patch) {
                if (!contains(base, v)) {
                    base.add(v.deepCopy());
                }
            }
            return base;
        }
        String mergeKey = mergeKey(field, patch, base);
        if (mergeKey == null) {
            return replaced(patch);
        }
        for (JsonNode element : patch) {
            if (!element.isObject()) {
                return replaced(patch);
            }
            if (element.path("$patch").asText("").equals("replace")) {
                return replaced(patch);
            }
            JsonNode id = element.get(mergeKey);
            int at = indexOf(base, mergeKey, id);
            if (element.path("$patch").asText("").equals("delete")) {
                if (at >= 0) {
                    base.remove(at);
                }
                continue;
            }
            if (at >= 0) {
                base.set(at, mergeObject(base.get(at), (ObjectNode) element));
            } else {
                ObjectNode clean = ((ObjectNode) element).deepCopy();
                clean.remove("$patch");
                base.add(clean);
            }
        }
        return base;
    }

    private static String mergeKey(String field, ArrayNode patch, ArrayNode base) {
        JsonNode sample = patch.size() > 0 ? patch.get(0) : base.size() > 0 ? base.get(0) : null;
        return ListTypes.of(field, sample).mergeKey();
    }

    private static ArrayNode replaced(ArrayNode patch) {
        ArrayNode out = patch.arrayNode();
        for (JsonNode e : patch) {
            if (e.isObject() && e.has("$patch")) {
                ObjectNode clean = ((ObjectNode) e).deepCopy();
                clean.remove("$patch");
                out.add(clean);
            } else {
                out.add(e.deepCopy());
            }
        }
        return out;
    }

    private static int indexOf(ArrayNode list, String key, JsonNode id) {
        for (int i = 0; i < list.size(); i++) {
            if (id != null && id.equals(list.get(i).get(key))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean contains(JsonNode list, JsonNode v) {
        for (JsonNode e : list) {
            if (e.equals(v)) {
                return true;
            }
        }
        return false;
    }
}
