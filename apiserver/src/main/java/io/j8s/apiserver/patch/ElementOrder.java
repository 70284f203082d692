package io.j8s.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order of a merged list, as upstream keeps it: the elements the patch names in the patch's
 * order (or in its {@code $setElementOrder/<list>}), the others in the original's, the two
 * interleaved where the original orders them.
 */
final class ElementOrder {
    private ElementOrder() {}

    /** The index of the object whose {@code key} is {@code value}, or -1. */
    static int find(List<JsonNode> list, String key, JsonNode value) {
        for (int i = 0; i < list.size(); i++) {
            JsonNode v = list.get(i);
            if (!v.isObject()) {
                throw PatchError.badRequest("value for key " + i + " is not a map.");
            }
            if (v.has(key) && GoJson.same(v.get(key), value)) {
                return i;
            }
        }
        return -1;
    }

    /** [elements present in {@code by}, the others], each in {@code list}'s order. */
    static List<List<JsonNode>> partition(List<JsonNode> list, List<JsonNode> by, String key) {
        List<JsonNode> in = new ArrayList<>();
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode v : list) {
            boolean found;
            if (key.isEmpty()) {
                found = by.stream().anyMatch(b -> GoJson.same(b, v));
            } else {
                if (!v.isObject()) {
                    throw PatchError.badRequest("expected a map, but received a "
                            + GoJson.kind(v));
                }
                if (!v.has(key)) {
                    throw MergeList.noMergeKey(v, key);
                }
                found = find(by, key, v.get(key)) >= 0;
            }
            (found ? in : out).add(v);
        }
        return List.of(in, out);
    }

    /** Upstream's normalizeElementOrder: both halves sorted, then interleaved. */
    static List<JsonNode> normalize(List<JsonNode> patch, List<JsonNode> serverOnly,
            List<JsonNode> patchOrder, List<JsonNode> serverOrder, String key) {
        List<JsonNode> p = sort(patch, patchOrder, key);
        List<JsonNode> s = sort(serverOnly, serverOrder, key);
        List<JsonNode> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < s.size() || j < p.size()) {
            if (i >= s.size()) {
                out.add(p.get(j++));
            } else if (j >= p.size()) {
                out.add(s.get(i++));
            } else {
                int li = index(serverOrder, s.get(i), key);
                int ri = index(serverOrder, p.get(j), key);
                if (li >= 0 && ri >= 0 && li < ri) {
                    out.add(s.get(i++));
                } else {
                    out.add(p.get(j++));
                }
            }
        }
        return out;
    }

    /** Sorts by position in {@code order}; {@code $patch: delete} elements go last. */
    private static List<JsonNode> sort(List<JsonNode> toSort, List<JsonNode> order, String key) {
        List<JsonNode> items = new ArrayList<>();
        List<JsonNode> deletes = new ArrayList<>();
        if (!key.isEmpty()) {
            for (List<JsonNode> l : List.of(toSort, order)) {
                for (JsonNode v : l) {
                    if (!v.isObject()) {
                        throw PatchError.badRequest("expected a map, but received a "
                                + GoJson.kind(v));
                    }
                    if (!v.has(key)) {
                        throw MergeList.noMergeKey(v, key);
                    }
                }
            }
            for (JsonNode v : toSort) {
                boolean delete = v.path(StrategicMergePatch.DIRECTIVE).asText("")
                        .equals("delete");
                (delete ? deletes : items).add(v);
            }
        } else {
            items.addAll(toSort);
        }
        java.util.IdentityHashMap<JsonNode, Integer> at = new java.util.IdentityHashMap<>();
        items.forEach(v -> at.put(v, index(order, v, key)));
        if (at.values().stream().allMatch(i -> i >= 0)) {
            items.sort(Comparator.comparingInt(at::get));
        } else {
            // Go's stable insertion sort with upstream's less, which is true for an element
            // missing from the order.
            for (int i = 1; i < items.size(); i++) {
                for (int j = i; j > 0 && less(items.get(j), items.get(j - 1), order, key); j--) {
                    JsonNode t = items.get(j);
                    items.set(j, items.get(j - 1));
                    items.set(j - 1, t);
                }
            }
        }
        items.addAll(deletes);
        return items;
    }

    private static boolean less(JsonNode a, JsonNode b, List<JsonNode> order, String key) {
        int ia = index(order, a, key);
        int ib = index(order, b, key);
        return ia < 0 || ib < 0 || ia < ib;
    }

    private static int index(List<JsonNode> list, JsonNode value, String key) {
        for (int i = 0; i < list.size(); i++) {
            if (key.isEmpty() ? GoJson.same(value, list.get(i))
                    : GoJson.same(value.get(key), list.get(i).get(key))) {
                return i;
            }
        }
        return -1;
    }
}
