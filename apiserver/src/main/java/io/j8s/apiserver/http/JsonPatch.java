package io.j8s.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.errors.StatusException;
import java.util.ArrayList;
import java.util.List;

/** RFC 6902 JSON patch: add, remove, replace, move, copy and test, with RFC 6901 pointers. */
final class JsonPatch {
    private JsonPatch() {}

    static JsonNode apply(JsonNode document, JsonNode patch) {
        if (!patch.isArray()) {
            throw StatusException.badRequest("a JSON patch must be an array of operations");
        }
        JsonNode doc = document.deepCopy();
        for (JsonNode op : patch) {
            String kind = op.path("op").asText("");
            String path = op.path("path").asText(null);
            if (path == null) {
                throw invalid("operation without a path: " + op);
            }
            switch (kind) {
                case "add" -> doc = add(doc, path, value(op));
                case "remove" -> doc = remove(doc, path);
                case "replace" -> {
                    get(doc, path);
                    doc = add(remove(doc, path), path, value(op));
                }
                case "move" -> {
                    String from = op.path("from").asText("");
                    JsonNode v = get(doc, from);
                    doc = add(remove(doc, from), path, v);
                }
                case "copy" -> doc = add(doc, path, get(doc, op.path("from").asText("")).deepCopy());
                case "test" -> {
                    if (!get(doc, path).equals(value(op))) {
                        throw invalid("test failed at " + path);
                    }
                }
                default -> throw invalid("unknown operation \"" + kind + "\"");
            }
        }
        return doc;
    }

    private static JsonNode value(JsonNode op) {
        if (!op.has("value")) {
            throw invalid("operation " + op.path("op").asText() + " needs a value");
        }
        return op.get("value").deepCopy();
    }

    private static List<String> tokens(String pointer) {
        if (pointer.isEmpty()) {
            return List.of();
        }
        if (!pointer.startsWith("/")) {
            throw invalid("path \"" + pointer + "\" must start with /");
        }
        List<String> out = new ArrayList<>();
        for (String t : pointer.substring(1).split("/", -1)) {
            out.add(t.replace("~1", "/").replace("~0", "~"));
        }
        return out;
    }

    private static JsonNode get(JsonNode doc, String pointer) {
        JsonNode n = doc;
        for (String t : tokens(pointer)) {
            n = child(n, t);
            if (n == null) {
                throw invalid("path " + pointer + " does not exist");
            }
        }
        return n;
    }

    private static JsonNode child(JsonNode n, String token) {
        if (n.isObject()) {
            return n.get(token);
        }
        if (n.isArray()) {
            int i = index(token, n.size() - 1);
            return n.get(i);
        }
        return null;
    }

    private static JsonNode add(JsonNode doc, String pointer, JsonNode value) {
        List<String> t = tokens(pointer);
        if (t.isEmpty()) {
            return value;
        }
        JsonNode parent = get(doc, parentOf(pointer));
        String last = t.getLast();
        if (parent instanceof ObjectNode o) {
            o.set(last, value);
        } else if (parent instanceof ArrayNode a) {
            if (last.equals("-")) {
                a.add(value);
            } else {
                a.insert(index(last, a.size()), value);
            }
        } else {
            throw invalid("cannot add below a value at " + pointer);
        }
        return doc;
    }

    private static JsonNode remove(JsonNode doc, String pointer) {
        List<String> t = tokens(pointer);
        if (t.isEmpty()) {
            throw invalid("cannot remove the whole document");
        }
        JsonNode parent = get(doc, parentOf(pointer));
        String last = t.getLast();
        if (parent instanceof ObjectNode o && o.has(last)) {
            o.remove(last);
        } else if (parent instanceof ArrayNode a) {
            a.remove(index(last, a.size() - 1));
        } else {
            throw invalid("path " + pointer + " does not exist");
        }
        return doc;
    }

    private static String parentOf(String pointer) {
        return pointer.substring(0, pointer.lastIndexOf('/'));
    }

    private static int index(String token, int max) {
        try {
            int i = Integer.parseInt(token);
            if (i < 0 || i > max || (token.length() > 1 && token.startsWith("0"))) {
                throw invalid("array index " + token + " is out of range");
            }
            return i;
        } catch (NumberFormatException e) {
            throw invalid("\"" + token + "\" is not an array index");
        }
    }

    private static StatusException invalid(String message) {
        return StatusException.unprocessable("the JSON patch could not be applied: " + message);
    }
}
