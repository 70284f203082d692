package io.j8s.apiserver.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A set of field paths, as structured-merge-diff's {@code fieldpath.Set}. A path is a list of
 * elements written as FieldsV1 writes them: {@code f:name} for a field, {@code k:{"name":"web"}}
 * for the element of a keyed list, {@code v:"x"} for a member of a set, {@code i:0} for an index.
 */
public final class FieldSet {
    public static final FieldSet EMPTY = new FieldSet(Set.of());
    private static final Comparator<String> ELEMENT_ORDER = Comparator
            .comparingInt((String e) -> "fvki".indexOf(e.charAt(0)))
            .thenComparing(Comparator.naturalOrder());

    private final Set<List<String>> paths;

    private FieldSet(Set<List<String>> paths) {
        this.paths = Collections.unmodifiableSet(paths);
    }

    public static FieldSet of(Set<List<String>> paths) {
        return new FieldSet(new LinkedHashSet<>(paths));
    }

    public Set<List<String>> paths() {
        return paths;
    }

    public boolean isEmpty() {
        return paths.isEmpty();
    }

    public boolean contains(List<String> path) {
        return paths.contains(path);
    }

    public FieldSet union(FieldSet other) {
        Set<List<String>> s = new LinkedHashSet<>(paths);
        s.addAll(other.paths);
        return new FieldSet(s);
    }

    public FieldSet minus(FieldSet other) {
        Set<List<String>> s = new LinkedHashSet<>(paths);
        s.removeAll(other.paths);
        return new FieldSet(s);
    }

    public FieldSet intersect(FieldSet other) {
        Set<List<String>> s = new LinkedHashSet<>(paths);
        s.retainAll(other.paths);
        return new FieldSet(s);
    }

    /** True when {@code path} or a path below it is in the set. */
    public boolean coversOrBelow(List<String> path) {
        for (List<String> p : paths) {
            if (p.size() >= path.size() && p.subList(0, path.size()).equals(path)) {
                return true;
            }
        }
        return false;
    }

    /** The FieldsV1 tree: {@code {}} for a member leaf, {@code ".": {}} for one with children. */
    public ObjectNode toFieldsV1() {
        Node root = new Node();
        for (List<String> p : paths) {
            Node n = root;
            for (String e : p) {
                n = n.children.computeIfAbsent(e, k -> new Node());
            }
            n.member = true;
        }
        return root.encode();
    }

    /** Reads a FieldsV1 tree; throws IllegalArgumentException when it is not one. */
    public static FieldSet fromFieldsV1(JsonNode tree) {
        if (tree == null || tree.isNull()) {
            return EMPTY;
        }
        Set<List<String>> out = new LinkedHashSet<>();
        read(tree, new ArrayList<>(), out);
        return new FieldSet(out);
    }

    private static void read(JsonNode node, List<String> path, Set<List<String>> out) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("expected an object at " + describe(path));
        }
        if (node.isEmpty() && !path.isEmpty()) {
            out.add(List.copyOf(path));
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (key.equals(".")) {
                if (path.isEmpty()) {
                    throw new IllegalArgumentException("\".\" at the root");
                }
                out.add(List.copyOf(path));
                continue;
            }
            if (key.length() < 2 || key.charAt(1) != ':' || "fvki".indexOf(key.charAt(0)) < 0) {
                throw new IllegalArgumentException("unexpected key " + key);
            }
            if (key.charAt(0) == 'k' || key.charAt(0) == 'v') {
                try {
                    Json.MAPPER.readTree(key.substring(2));
                } catch (java.io.IOException ex) {
                    throw new IllegalArgumentException("bad key " + key);
                }
            }
            path.add(key);
            read(e.getValue(), path, out);
            path.removeLast();
        }
    }

    /** A path as upstream prints it in conflicts: {@code .spec.containers[name="web"].image}. */
    public static String describe(List<String> path) {
        StringBuilder b = new StringBuilder();
        for (String e : path) {
            String body = e.substring(2);
            switch (e.charAt(0)) {
                case 'f' -> b.append('.').append(body);
                case 'i' -> b.append('[').append(body).append(']');
                case 'v' -> b.append("[=").append(body).append(']');
                default -> {
                    JsonNode keys = Json.tree(body.getBytes(StandardCharsets.UTF_8));
                    List<String> parts = new ArrayList<>();
                    keys.fields().forEachRemaining(k -> parts.add(k.getKey() + "=" + k.getValue()));
                    b.append('[').append(String.join(",", parts)).append(']');
                }
            }
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldSet f && f.paths.equals(paths);
    }

    @Override
    public int hashCode() {
        return paths.hashCode();
    }

    @Override
    public String toString() {
        return toFieldsV1().toString();
    }

    private static final class Node {
        boolean member;
        final Map<String, Node> children = new TreeMap<>(ELEMENT_ORDER);

        ObjectNode encode() {
            ObjectNode o = Json.MAPPER.createObjectNode();
            if (member && !children.isEmpty()) {
                o.putObject(".");
            }
            children.forEach((k, v) -> o.set(k, v.encode()));
            return o;
        }
    }
}
