package io.j8s.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.apiserver.openapi.MergeSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * The directive {@code $setElementOrder/<list>: [...]}: the list (merged with the patch's list of
 * the same name, if any) takes the order the directive gives, as upstream's
 * {@code mergePatchIntoOriginal}.
 */
final class SetElementOrder {
    private SetElementOrder() {}

    /** Applies every {@code $setElementOrder/<list>} of {@code patch}, and its list, first. */
    static void apply(ObjectNode original, ObjectNode patch, MergeSchema schema) {
        List<String> keys = new ArrayList<>();
        patch.fieldNames().forEachRemaining(k -> {
            if (k.startsWith(StrategicMergePatch.SET_ELEMENT_ORDER)) {
                keys.add(k);
            }
        });
        for (String key : keys) {
            JsonNode order = patch.remove(key);
            if (!order.isArray()) {
                throw PatchError.badRequest("expected a slice, but received a "
                        + GoJson.kind(order));
            }
            String field = StrategicMergePatch.directiveField(key,
                    StrategicMergePatch.SET_ELEMENT_ORDER,
                    "invalid patch format of setElementOrder list");
            ArrayNode originalList = listAt(original, field);
            ArrayNode patchList = listAt(patch, field);
            MergeSchema.Field f = schema.field(field);
            String mergeKey = f.mergeKey();
            List<JsonNode> orderList = MergeList.list((ArrayNode) order);
            validate(MergeList.list(patchList), orderList, mergeKey);
            ArrayNode merged;
            if (originalList != null && patchList == null) {
                merged = originalList;
            } else if (originalList == null && patchList != null) {
                merged = patchList;
            } else if (originalList != null) {
                merged = f.merges() ? MergeList.merge(originalList, patchList, f.type().items(),
                        mergeKey, false) : patchList;
            } else {
                continue;
            }
            List<List<JsonNode>> parts = ElementOrder.partition(MergeList.list(merged), orderList, mergeKey);
            GoJson.Type kind = MergeList.elementType(originalList, patchList);
            String key2 = kind == GoJson.Type.OBJECT ? mergeKey : "";
            ArrayNode both = JsonNodeFactory.instance.arrayNode();
            ElementOrder.normalize(parts.get(0), parts.get(1), orderList, MergeList.list(originalList), key2)
                    .forEach(both::add);
            original.set(field, both);
            patch.remove(field);
        }
    }

    private static ArrayNode listAt(ObjectNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            throw PatchError.badRequest("expected a slice, but received a " + GoJson.kind(v));
        }
        return (ArrayNode) v;
    }

    /** The patch list must name its elements in the order the directive gives. */
    private static void validate(List<JsonNode> patchList, List<JsonNode> order, String mergeKey) {
        if (order.isEmpty() || patchList.isEmpty()) {
            return;
        }
        List<JsonNode> items = patchList;
        if (!mergeKey.isEmpty()) {
            items = new ArrayList<>();
            for (JsonNode v : patchList) {
                if (!v.isObject()) {
                    throw PatchError.badRequest("expected a map, but received a "
                            + GoJson.kind(v));
                }
                if (!v.path(StrategicMergePatch.DIRECTIVE).asText("").equals("delete")) {
                    items.add(v);
                }
            }
        }
        int p = 0;
        int s = 0;
        while (p < items.size() && s < order.size()) {
            if (items.get(p).has(StrategicMergePatch.DIRECTIVE)) {
                p++;
                continue;
            }
            if (keyEqual(items.get(p), order.get(s), mergeKey)) {
                p++;
            }
            s++;
        }
        if (p < items.size()) {
            throw PatchError.badRequest("The order in patch list:\n" + patchList
                    + "\n doesn't match $setElementOrder list:\n" + order + "\n");
        }
    }

    private static boolean keyEqual(JsonNode left, JsonNode right, String mergeKey) {
        if (mergeKey.isEmpty()) {
            return GoJson.same(left, right);
        }
        for (JsonNode v : List.of(left, right)) {
            if (!v.isObject()) {
                throw PatchError.badRequest("expected a map, but received a "
                        + GoJson.kind(v));
            }
            if (!v.has(mergeKey)) {
                throw MergeList.noMergeKey(v, mergeKey);
            }
        }
        return GoJson.same(left.get(mergeKey), right.get(mergeKey));
    }
}
