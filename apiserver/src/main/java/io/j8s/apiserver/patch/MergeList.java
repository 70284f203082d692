package io.j8s.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.openapi.MergeSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * The list half of a strategic merge patch (upstream's {@code mergeSlice}): a list with patch
 * strategy {@code merge}. Scalars are united (or, from a {@code $deleteFromPrimitiveList/}
 * directive, removed); objects are matched by the patch merge key and merged, with the elements
 * {@code {"$patch":"delete", key: ...}} and {@code {"$patch":"replace"}}. The result keeps the
 * patch's order for the elements it names and the original's for the others.
 */
final class MergeList {
    private MergeList() {}

    static ArrayNode merge(ArrayNode original, ArrayNode patch, MergeSchema items, String mergeKey,
            boolean deleteList) {
        if (original.isEmpty() && patch.isEmpty()) {
            return original;
        }
        GoJson.Type kind = elementType(original, patch);
        List<JsonNode> base = list(original);
        List<JsonNode> changes = list(patch);
        List<JsonNode> merged;
        if (kind != GoJson.Type.OBJECT) {
            if (deleteList) {
                return array(deleteFrom(base, changes));
            }
            List<JsonNode> both = new ArrayList<>(base);
            both.addAll(changes);
            merged = deduplicate(both);
        } else {
            if (mergeKey.isEmpty()) {
                throw PatchError.badRequest("cannot merge lists without merge key for type struct");
            }
            List<JsonNode> kept = new ArrayList<>();
            boolean replace = false;
            for (JsonNode v : changes) {
                if (!v.has(StrategicMergePatch.DIRECTIVE)) {
                    kept.add(v);
                    continue;
                }
                JsonNode directive = v.get(StrategicMergePatch.DIRECTIVE);
                String d = directive.isTextual() ? directive.asText() : "";
                switch (d) {
                    case "delete" -> {
                        if (!v.has(mergeKey)) {
                            throw noMergeKey(v, mergeKey);
                        }
                        base = deleteMatching(base, mergeKey, v.get(mergeKey));
                    }
                    case "replace" -> replace = true;
                    case "merge" -> throw PatchError.badRequest(
                            "merging lists cannot yet be specified in the patch");
                    default -> throw badPatchType(directive, v);
                }
            }
            if (replace) {
                base = kept;
                changes = List.of();
            } else {
                changes = kept;
            }
            merged = new ArrayList<>(base);
            for (JsonNode v : changes) {
                if (!v.has(mergeKey)) {
                    throw noMergeKey(v, mergeKey);
                }
                int at = ElementOrder.find(merged, mergeKey, v.get(mergeKey));
                if (at >= 0) {
                    merged.set(at, StrategicMergePatch.mergeMap((ObjectNode) merged.get(at),
                            (ObjectNode) v, items));
                } else {
                    merged.add(v);
                }
            }
        }
        String key = kind == GoJson.Type.OBJECT ? mergeKey : "";
        List<List<JsonNode>> parts = ElementOrder.partition(merged, changes, key);
        return array(ElementOrder.normalize(parts.get(0), parts.get(1), changes, base, key));
    }

    /** The one JSON type of every element of the lists; lists of lists are refused. */
    static GoJson.Type elementType(ArrayNode... lists) {
        GoJson.Type type = null;
        for (ArrayNode l : lists) {
            if (l == null) {
                continue;
            }
            for (JsonNode v : l) {
                GoJson.Type t = GoJson.Type.of(v);
                if (type == null) {
                    type = t;
                    if (t == GoJson.Type.ARRAY) {
                        throw PatchError.rejected();
                    }
                } else if (type != t) {
                    throw PatchError.badRequest("list element types are not identical: "
                            + java.util.Arrays.toString(lists));
                }
            }
        }
        if (type == null) {
            throw PatchError.badRequest("no elements in any of the given slices");
        }
        return type;
    }

    /** Upstream's "clever" de-duplication: a later duplicate is replaced by the last element. */
    private static List<JsonNode> deduplicate(List<JsonNode> s) {
        List<JsonNode> out = new ArrayList<>(s);
        int length = out.size() - 1;
        for (int i = 0; i < length; i++) {
            for (int j = i + 1; j <= length; j++) {
                if (GoJson.same(out.get(i), out.get(j))) {
                    out.set(j, out.get(length));
                    out.remove(length);
                    length--;
                    j--;
                }
            }
        }
        return out;
    }

    private static List<JsonNode> deleteFrom(List<JsonNode> current, List<JsonNode> toDelete) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode v : current) {
            if (toDelete.stream().noneMatch(d -> GoJson.same(d, v))) {
                out.add(v);
            }
        }
        return out;
    }

    private static List<JsonNode> deleteMatching(List<JsonNode> list, String key, JsonNode value) {
        List<JsonNode> out = new ArrayList<>(list);
        int at;
        while ((at = ElementOrder.find(out, key, value)) >= 0) {
            out.remove(at);
        }
        return out;
    }

    static List<JsonNode> list(ArrayNode a) {
        List<JsonNode> out = new ArrayList<>();
        if (a != null) {
            a.forEach(out::add);
        }
        return out;
    }

    private static ArrayNode array(List<JsonNode> l) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        l.forEach(a::add);
        return a;
    }

    static StatusException noMergeKey(JsonNode element, String key) {
        return PatchError.badRequest("map: " + element + " does not contain declared merge key: "
                + key);
    }

    static StatusException badPatchType(JsonNode directive, JsonNode in) {
        return PatchError.badRequest("unknown patch type: "
                + (directive.isTextual() ? directive.asText() : directive.toString())
                + " in map: " + in);
    }
}
