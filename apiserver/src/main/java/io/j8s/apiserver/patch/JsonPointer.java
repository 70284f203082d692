package io.j8s.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where a JSON patch operation acts, as evanphx/json-patch v4's {@code findObject} finds it: the
 * container the pointer's last token is in (every step before it must exist and be an object or
 * array), and that token; with the container operations v4 has, negative indexes included.
 */
record JsonPointer(JsonNode container, String key) {
    static JsonPointer find(JsonNode root, String pointer) {
        if (pointer == null) {
            return null;
        }
        String[] parts = pointer.split("/", -1);
        if (parts.length < 2 || !root.isContainerNode()) {
            return null;
        }
        JsonNode at = root;
        for (int i = 1; i < parts.length - 1; i++) {
            JsonPointer step = new JsonPointer(at, decode(parts[i]));
            if (!step.exists()) {
                return null;
            }
            JsonNode next = step.get();
            if (next == null || !next.isContainerNode()) {
                return null;
            }
            at = next;
        }
        return new JsonPointer(at, decode(parts[parts.length - 1]));
    }

    private static String decode(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }

    /** False where v4's get fails: a bad or out-of-range array index. */
    boolean exists() {
        if (container instanceof ArrayNode a) {
            Integer i = index(key, a.size());
            return i != null;
        }
        return true;
    }

    /** The value, or null when an object has no such member. */
    JsonNode get() {
        if (container instanceof ArrayNode a) {
            return a.get(index(key, a.size()));
        }
        return container.get(key);
    }

    boolean add(JsonNode value) {
        if (container instanceof ObjectNode o) {
            o.set(key, value);
            return true;
        }
        ArrayNode a = (ArrayNode) container;
        if (key.equals("-")) {
            a.add(value);
            return true;
        }
        Integer i = index(key, a.size() + 1);
        if (i == null) {
            return false;
        }
        a.insert(i, value);
        return true;
    }

    boolean replace(JsonNode value) {
        if (container instanceof ObjectNode o) {
            o.set(key, value);
            return true;
        }
        ArrayNode a = (ArrayNode) container;
        Integer i = index(key, a.size());
        if (i == null) {
            return false;
        }
        a.set(i, value);
        return true;
    }

    boolean remove() {
        if (container instanceof ObjectNode o) {
            if (!o.has(key)) {
                return false;
            }
            o.remove(key);
            return true;
        }
        ArrayNode a = (ArrayNode) container;
        Integer i = index(key, a.size());
        if (i == null) {
            return false;
        }
        a.remove(i.intValue());
        return true;
    }

    /**
     * The index {@code token} names in a list of {@code size}, negative ones counting from the
     * end, or null when it names none.
     */
    static Integer index(String token, int size) {
        int i;
        try {
            i = Integer.parseInt(token);
        } catch (NumberFormatException e) {
            return null;
        }
        if (i < 0) {
            if (i < -size) {
                return null;
            }
            i += size;
        }
        return i >= size ? null : i;
    }

    /** v4's equality: objects regardless of member order, scalars by their JSON text. */
    static boolean equal(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.toString().equals(b.toString());
        }
        return a.equals(b);
    }
}
