package io.j8s.apiserver.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import io.j8s.apiserver.openapi.MergeSchema;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields of an object as a {@link FieldSet} (structured-merge-diff's {@code ToFieldSet} and
 * {@code Compare}), and finding or removing the value a path names. Lists are typed by the
 * object's schema ({@link MergeSchema}: {@code x-kubernetes-list-type} and
 * {@code x-kubernetes-list-map-keys}; a list without a type is atomic). Type and identity
 * metadata (apiVersion, kind, name, uid, ...) are no field anyone owns, as upstream strips them.
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
        walk(object, ListType.schemaOf(object), new ArrayList<>(), out, null);
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
    private static void walk(JsonNode node, MergeSchema schema, List<String> path,
            Set<List<String>> out, Set<List<String>> nodes) {
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
                MergeSchema.Field field = schema.field(e.getKey());
                if (v.isArray()) {
                    list(field, (ArrayNode) v, path, out, nodes);
                } else {
                    walk(v, field.type(), path, out, nodes);
                }
                path.removeLast();
            }
        } else {
            out.add(List.copyOf(path));
        }
    }

    private static void list(MergeSchema.Field field, ArrayNode list, List<String> path,
            Set<List<String>> out, Set<List<String>> nodes) {
        ListType type = ListType.of(field);
        MergeSchema items = field.type().items();
        if (type.kind() == ListType.Kind.ATOMIC || list.isEmpty()) {
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
            if (type.kind() == ListType.Kind.MAP && element.isObject()) {
                for (Map.Entry<String, JsonNode> e : element.properties()) {
                    path.add("f:" + e.getKey());
                    MergeSchema.Field f = items.field(e.getKey());
                    if (e.getValue().isArray()) {
                        list(f, (ArrayNode) e.getValue(), path, out, nodes);
                    } else {
                        walk(e.getValue(), f.type(), path, out, nodes);
                    }
                    path.removeLast();
                }
            }
            path.removeLast();
        }
    }

    /** The path element naming {@code element} in a list of {@code type}. */
    static String element(ListType type, JsonNode element) {
        if (type.kind() == ListType.Kind.SET) {
            return "v:" + element;
        }
        ObjectNode key = Json.MAPPER.createObjectNode();
        type.keys().stream().sorted().forEach(k -> {
            if (element.has(k)) {
                key.set(k, element.get(k));
            } else if (ListType.keyDefault(k) != null) {
                key.put(k, ListType.keyDefault(k));
            }
        });
        return "k:" + key;
    }

    /** Upstream's Compare: leaves added, changed and removed, plus maps and lists added. */
    static Comparison compare(JsonNode before, JsonNode after) {
        MergeSchema schema = ListType.schemaOf(after, before);
        Set<List<String>> beforeLeaves = new LinkedHashSet<>();
        Set<List<String>> beforeNodes = new LinkedHashSet<>();
        walk(before, schema, new ArrayList<>(), beforeLeaves, beforeNodes);
        Set<List<String>> afterLeaves = new LinkedHashSet<>();
        Set<List<String>> afterNodes = new LinkedHashSet<>();
        walk(after, schema, new ArrayList<>(), afterLeaves, afterNodes);
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
            if (beforeLeaves.contains(p)
                    && !at(before, p, schema).node().equals(at(after, p, schema).node())) {
                modified.add(p);
            }
        }
        return new Comparison(clean(added), clean(modified), clean(removed));
    }

    /** What a path names: the value, the field that holds it and the value's schema. */
    private record At(JsonNode node, MergeSchema.Field field, MergeSchema schema) {}

    private static At at(JsonNode object, List<String> path, MergeSchema root) {
        JsonNode n = object;
        MergeSchema schema = root;
        MergeSchema.Field field = null;
        for (String e : path) {
            if (e.startsWith("f:")) {
                String name = e.substring(2);
                field = schema.field(name);
                schema = field.type();
                n = n.path(name);
            } else {
                int i = indexOf(field, n, e);
                n = i < 0 ? MissingNode.getInstance() : n.get(i);
                schema = schema.items();
            }
        }
        return new At(n, field, schema);
    }

    /** The value {@code path} names in {@code object}, or a missing node. */
    static JsonNode find(JsonNode object, List<String> path) {
        return at(object, path, ListType.schemaOf(object)).node();
    }

    /** Removes what {@code path} names from {@code object}, when it is there. */
    static void remove(JsonNode object, List<String> path) {
        if (path.isEmpty()) {
            return;
        }
        String last = path.getLast();
        At parent = at(object, path.subList(0, path.size() - 1), ListType.schemaOf(object));
        if (last.startsWith("f:") && parent.node() instanceof ObjectNode o) {
            o.remove(last.substring(2));
        } else if (parent.node() instanceof ArrayNode a) {
            int i = indexOf(parent.field(), a, last);
            if (i >= 0) {
                a.remove(i);
            }
        }
    }

    /** The index of the element a path element names in a list held by {@code field}, or -1. */
    static int indexOf(MergeSchema.Field field, JsonNode list, String element) {
        if (!list.isArray()) {
            return -1;
        }
        if (element.startsWith("i:")) {
            int i = Integer.parseInt(element.substring(2));
            return i < list.size() ? i : -1;
        }
        ListType type = field == null ? ListType.ATOMIC
                : ListType.of(field);
        for (int i = 0; i < list.size(); i++) {
            if (element(type, list.get(i)).equals(element)) {
                return i;
            }
        }
        return -1;
    }
}
