package io.j8s.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RFC 7386 JSON merge patch, as upstream applies it (evanphx/json-patch v4's {@code MergePatch}):
 * objects merge, null removes, everything else replaces; a value set where there was no object
 * loses its null members, and a patch that is not a JSON object or array is 400
 * "Invalid JSON Patch".
 */
public final class MergePatch {
    private MergePatch() {}

    /** {@code target} with {@code patch} applied; neither is changed. */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        if (patch.isArray()) {
            JsonNode out = patch.deepCopy();
            pruneNulls(out);
            return out;
        }
        if (!patch.isObject()) {
            throw PatchError.badRequest("Invalid JSON Patch");
        }
        if (!target.isObject()) {
            JsonNode out = patch.deepCopy();
            pruneNulls(out);
            return out;
        }
        ObjectNode result = ((ObjectNode) target).deepCopy();
        merge(result, (ObjectNode) patch.deepCopy());
        return result;
    }

    private static void merge(ObjectNode doc, ObjectNode patch) {
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            JsonNode v = e.getValue();
            JsonNode cur = doc.get(e.getKey());
            if (v.isNull()) {
                doc.remove(e.getKey());
            } else if (cur == null || cur.isNull() || !cur.isObject()) {
                pruneNulls(v);
                doc.set(e.getKey(), v);
            } else if (v.isObject()) {
                merge((ObjectNode) cur, (ObjectNode) v);
            } else {
                doc.set(e.getKey(), v);
            }
        }
    }

    /** Removes null members of objects, at every depth (null list elements stay). */
    private static void pruneNulls(JsonNode n) {
        if (n instanceof ObjectNode o) {
            List<String> nulls = new ArrayList<>();
            o.properties().forEach(e -> {
                if (e.getValue().isNull()) {
                    nulls.add(e.getKey());
                } else {
                    pruneNulls(e.getValue());
                }
            });
            o.remove(nulls);
        } else if (n instanceof ArrayNode a) {
            a.forEach(MergePatch::pruneNulls);
        }
    }
}
