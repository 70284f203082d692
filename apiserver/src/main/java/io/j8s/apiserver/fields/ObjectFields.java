package io.j8s.apiserver.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields of an object as a {@link FieldSet} (structured-merge-diff's {@code ToFieldSet} and
 * {@code Compare}), and finding or removing the value a path names. Lists are typed by
 * {@link ListTypes}. Type and identity metadata (apiVersion, kind, name, uid, ...) are no field
 * anyone owns, as upstream strips them.
 */
final class ObjectFields {
    private static final Set<List<String>> IGNORED = Set.of(List.of("f:apiVersion"),
            List.of("f:kind"), meta("name"), meta("namespace"), meta("creationTimestamp"),
            meta("selfLink"), meta("uid"), meta("resourceVersion"), meta("generation"),
            meta("managedFields"), meta("deletionTimestamp"),
            meta("deletionGracePeriodSeconds"));

    /** What changed between two objects. */
    record Comparison(FieldSet added, FieldSet modified, FieldSet removed) {}

    private ObjectFields() {}

    private static List<String> meta(String field) {
        return List.of("f:metadata", "f:" + field);
    }

    /** The fields an object sets: its leaves, list elements and empty maps. */
    static FieldSet of(JsonNode object) {
        Set<List<String>> out = new LinkedHashSet<>();
        walk(object, new ArrayList<>(), out, null);
        return clean(out);
    }

    private static FieldSet clean(Set<List<String>> out) {
        out.removeIf(p -> IGNORED.stream().anyMatch(i -> p.size() >= i.size()
                && p.subList(0, i.size()).equals(i)));
        return FieldSet.of(out);
    }

    /**
     * Walks {@code node} at {@code path}; with {@code nodes} non-null, every map and list met is
     * recorded there too (for the "." members of a comparison).
     */
    private static void walk(JsonNode node, List<String> path, Set<List<String>> out,
            Set<List<String>> nodes) {
        if (node.isObject()) {
            if (node.isEmpty() && !path.isEmpty()) {
                out.add(List.copyOf(path));
                return;
            }
            if (nodes != null && !path.isEmpty()) {
                nodes.add(List.copyOf(path));
            }
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                path.add("f:" + e.getKey());
                JsonNode v = e.getValue();
                if (v.isArray()) {
                    list(e.getKey(), (ArrayNode) v, path, out, nodes);
                } else {
                    walk(v, path, out, nodes);
                }
                path.removeLast();
            }
        } else {
            out.add(List.copyOf(path));
        }
    }

    private static void list(String field, ArrayNode list, List<String> path,
            Set<List<String>> out, Set<List<String>> nodes) {
        ListTypes.ListType type = ListTypes.of(field, list.isEmpty() ? null : list.get(0));
        if (type.kind() == ListTypes.Kind.ATOMIC || list.isEmpty()) {
            out.add(List.copyOf(path));
            return;
        }
        if (nodes != null) {
            nodes.add(List.copyOf(path));
        }
        for (JsonNode element : list) {
            String pe = element(type, element);
            path.add(pe);
            out.add(List.copyOf(path));
            if (type.kind() == ListTypes.Kind.MAP && element.isObject()) {
                for (Map.Entry<String, JsonNode> e : element.properties()) {
                    path.add("f:" + e.getKey());
                    if (e.getValue().isArray()) {
                        list(e.getKey(), (ArrayNode) e.getValue(), path, out, nodes);
                    } else {
                        walk(e.getValue(), path, out, nodes);
                    }
                    path.removeLast();
                }
            }
            path.removeLast();
        }
    }

    /** The path element naming {@code element} in a list of {@code type}. */
    static String element(ListTypes.ListType type, JsonNode element) {
        if (type.kind() == ListTypes.Kind.SET) {
            return "v:" + element;
        }
        ObjectNode key = Json.MAPPER.createObjectNode();
        type.keys().stream().sorted().forEach(k -> {
            if (element.has(k)) {
                key.set(k, element.get(k));
            } else if (ListTypes.keyDefault(k) != null) {
                key.put(k, ListTypes.keyDefault(k));
            }
        });
        return "k:" + key;
    }

    /** Upstream's Compare: leaves added, changed and removed, plus maps and lists added. */
    static Comparison compare(JsonNode before, JsonNode after) {
        Set<List<String>> beforeLeaves = new LinkedHashSet<>();
        Set<List<String>> beforeNodes = new LinkedHashSet<>();
        walk(before, new ArrayList<>(), beforeLeaves, beforeNodes);
        Set<List<String>> afterLeaves = new LinkedHashSet<>();
        Set<List<String>> afterNodes = new LinkedHashSet<>();
        walk(after, new ArrayList<>(), afterLeaves, afterNodes);
        Set<List<String>> added = new LinkedHashSet<>(afterLeaves);
        added.removeAll(beforeLeaves);
        for (List<String> n : afterNodes) {
            if (!beforeNodes.contains(n) && !beforeLeaves.contains(n)) {
                added.add(n);
            }
        }
        Set<List<String>> removed = new LinkedHashSet<>(beforeLeaves);
        removed.removeAll(afterLeaves);
        for (List<String> n : beforeNodes) {
            if (!afterNodes.contains(n) && !afterLeaves.contains(n)) {
                removed.add(n);
            }
        }
        Set<List<String>> modified = new LinkedHashSet<>();
        for (List<String> p : afterLeaves) {
            if (beforeLeaves.contains(p) && !find(before, p).equals(find(after, p))) {
                modified.add(p);
            }
        }
        return new Comparison(clean(added), clean(modified), clean(removed));
    }

    /** The value {@code path} names in {@code object}, or a missing node. */
    static JsonNode find(JsonNode object, List<String> path) {
        JsonNode n = object;
        String field = "";
        for (String e : path) {
            if (e.startsWith("f:")) {
                field = e.substring(2);
                n = n.path(field);
            } else {
                int i = indexOf(field, n, e);
                n = i < 0 ? MissingNode.getInstance() : n.get(i);
            }
        }
        return n;
    }

    /** Removes what {@code path} names from {@code object}, when it is there. */
    static void remove(JsonNode object, List<String> path) {
        if (path.isEmpty()) {
            return;
        }
        String last = path.getLast();
        List<String> parentPath = path.subList(0, path.size() - 1);
        JsonNode parent = find(object, parentPath);
        if (last.startsWith("f:") && parent instanceof ObjectNode o) {
            o.remove(last.substring(2));
        } else if (parent instanceof ArrayNode a) {
            String field = parentPath.isEmpty() ? "" : parentPath.getLast().substring(2);
            int i = indexOf(field, a, last);
            if (i >= 0) {
                a.remove(i);
            }
        }
    }

    static int indexOf(String field, JsonNode list, String element) {
        if (!list.isArray()) {
            return -1;
        }
        if (element.startsWith("i:")) {
            int i = Integer.parseInt(element.substring(2));
            return i < list.size() ? i : -1;
        }
        ListTypes.ListType type = ListTypes.of(field, list.isEmpty() ? null : list.get(0));
        for (int i = 0; i < list.size(); i++) {
            if (element(type, list.get(i)).equals(element)) {
                return i;
            }
        }
        return -1;
    }
}
