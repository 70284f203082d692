package io.j8s.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.j8s.api.errors.StatusException;

/**
 * RFC 6902 JSON patch as upstream's API server applies it: with evanphx/json-patch v4 and its
 * defaults. Where that library departs from the RFC, this does too, since clients see what
 * upstream does:
 * <ul>
 * <li>{@code replace} of a missing member of an existing object adds it;</li>
 * <li>negative array indexes count from the end ({@code -1} is the last element; for
 *     {@code add}, the end);</li>
 * <li>array indexes are read as Go's {@code strconv.Atoi} reads them ({@code 01} is 1);</li>
 * <li>{@code add} with path {@code ""} fails; {@code replace} with path {@code ""} replaces the
 *     document with an object or array;</li>
 * <li>a missing {@code value} is JSON null, a {@code copy} from a missing member copies null, and
 *     a {@code test} of a missing member against null (or no value) passes.</li>
 * </ul>
 * A patch that is not a list of operations is 400 BadRequest; more than 10,000 operations 413;
 * an operation that does not apply 422 Invalid, worded as upstream words it (without the cause).
 */
public final class JsonPatch {
    /** Upstream's {@code maxJSONPatchOperations}. */
    static final int MAX_OPERATIONS = 10000;

    private JsonPatch() {}

    /** {@code document} with {@code patch} applied; {@code document} is not changed. */
    public static JsonNode apply(JsonNode document, JsonNode patch) {
        if (patch.isNull()) {
            return document.deepCopy();
        }
        if (!patch.isArray()) {
            throw PatchError.badRequest("json: cannot unmarshal " + GoJson.kind(patch)
                    + " into Go value of type jsonpatch.Patch");
        }
        for (JsonNode op : patch) {
            if (!op.isObject() && !op.isNull()) {
                throw PatchError.badRequest("json: cannot unmarshal " + GoJson.kind(op)
                        + " into Go value of type jsonpatch.Operation");
            }
        }
        if (patch.size() > MAX_OPERATIONS) {
            throw StatusException.tooLarge("Request entity too large: The allowed maximum"
                    + " operations in a"
                    + " JSON patch is " + MAX_OPERATIONS + ", got " + patch.size());
        }
        Holder doc = new Holder(document.deepCopy());
        for (JsonNode op : patch) {
            if (!apply(doc, op)) {
                throw PatchError.rejected();
            }
        }
        return doc.root;
    }

    /** The document, which {@code replace} of "" swaps. */
    private static final class Holder {
        JsonNode root;

        Holder(JsonNode root) {
            this.root = root;
        }
    }

    /** Applies one operation; false when it does not apply. */
    private static boolean apply(Holder doc, JsonNode op) {
        String path = text(op, "path");
        switch (text(op, "op") == null ? "unknown" : text(op, "op")) {
            case "add" -> {
                JsonPointer t = JsonPointer.find(doc.root, path);
                return t != null && t.add(value(op));
            }
            case "remove" -> {
                JsonPointer t = JsonPointer.find(doc.root, path);
                return t != null && t.remove();
            }
            case "replace" -> {
                if ("".equals(path)) {
                    JsonNode v = value(op);
                    if (!v.isObject() && !v.isArray()) {
                        return false;
                    }
                    doc.root = v;
                    return true;
                }
                JsonPointer t = JsonPointer.find(doc.root, path);
                return t != null && t.replace(value(op));
            }
            case "move" -> {
                String from = text(op, "from");
                JsonPointer source = JsonPointer.find(doc.root, from);
                if (source == null || !source.exists()) {
                    return false;
                }
                JsonNode v = source.get();
                if (!source.remove()) {
                    return false;
                }
                JsonPointer t = JsonPointer.find(doc.root, path);
                return t != null && t.add(v);
            }
            case "copy" -> {
                String from = text(op, "from");
                JsonPointer source = JsonPointer.find(doc.root, from);
                if (source == null || !source.exists()) {
                    return false;
                }
                JsonNode v = source.get();
                JsonPointer t = JsonPointer.find(doc.root, path);
                return t != null && t.add(v == null ? JsonNodeFactory.instance.nullNode()
                        : v.deepCopy());
            }
            case "test" -> {
                return test(doc.root, path, op.get("value"));
            }
            default -> {
                return false;
            }
        }
    }

    private static boolean test(JsonNode root, String path, JsonNode expected) {
        if ("".equals(path)) {
            return expected != null && root.equals(expected);
        }
        JsonPointer t = JsonPointer.find(root, path);
        if (t == null || !t.exists()) {
            return false;
        }
        JsonNode actual = t.get();
        if (actual == null || actual.isNull()) {
            return expected == null || expected.isNull();
        }
        return expected != null && JsonPointer.equal(actual, expected);
    }

    private static String text(JsonNode op, String field) {
        JsonNode v = op.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    /** The operation's value; a missing one is null, as in v4. */
    private static JsonNode value(JsonNode op) {
        JsonNode v = op.get("value");
        return v == null ? JsonNodeFactory.instance.nullNode() : v.deepCopy();
    }
}
