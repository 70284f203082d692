package io.j8s.scheduler.plugins.args;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One plugin's args, read strictly: a JSON object whose fields are the kind's known ones (plus
 * {@code kind} and {@code apiVersion}); null means the defaults. Errors are
 * IllegalArgumentExceptions whose message names the field as upstream's validation does.
 */
public final class PluginArgs {
    private final String kind;
    private final JsonNode node;

    private PluginArgs(String kind, JsonNode node) {
        this.kind = kind;
        this.node = node;
    }

    /**
     * @param kind the args kind, e.g. {@code NodeResourcesFitArgs}
     * @param fields the fields the kind knows
     */
    public static PluginArgs of(String kind, JsonNode args, String... fields) {
        if (args == null || args.isNull() || args.isMissingNode()) {
            return new PluginArgs(kind, JsonNodeFactory.instance.objectNode());
        }
        if (!args.isObject()) {
            throw new IllegalArgumentException(kind + ": must be an object, got " + args.getNodeType());
        }
        PluginArgs read = new PluginArgs(kind, args);
        read.onlyFields("", args, fields);
        return read;
    }

    public String kind() {
        return kind;
    }

    /** The field, or null when absent or JSON null. */
    public JsonNode get(String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v;
    }

    /** An array of strings (absent: empty). */
    public List<String> strings(String field) {
        JsonNode v = get(field);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            throw invalid(field, v, "must be a list of strings");
        }
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw invalid(field + "[" + i + "]", v.get(i), "must be a string");
            }
            out.add(v.get(i).asText());
        }
        return out;
    }

    /** Rejects the fields of {@code obj} (at {@code path}) that are not {@code known}. */
    public void onlyFields(String path, JsonNode obj, String... known) {
        Set<String> allowed = Set.of(known);
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (path.isEmpty() && (f.equals("kind") || f.equals("apiVersion"))) {
                continue;
            }
            if (!allowed.contains(f)) {
                throw new IllegalArgumentException(kind + ": strict decoding error: unknown field \""
                        + (path.isEmpty() ? f : path + "." + f) + "\"");
            }
        }
    }

    /** An int field of {@code obj}, or {@code dflt} when absent. */
    public int intField(JsonNode obj, String path, String field, int dflt) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw invalid(path + field, v, "must be an integer");
        }
        return v.asInt();
    }

    public IllegalArgumentException invalid(String path, Object value, String detail) {
        return error(path, "Invalid value: " + goValue(value) + ": " + detail);
    }

    public IllegalArgumentException notSupported(String path, Object value, List<String> supported) {
        return error(path, "Unsupported value: " + goValue(value) + ": supported values: "
                + supported.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", ")));
    }

    public IllegalArgumentException required(String path, String detail) {
        return error(path, "Required value" + (detail.isEmpty() ? "" : ": " + detail));
    }

    public IllegalArgumentException duplicate(String path, Object value) {
        return error(path, "Duplicate value: " + goValue(value));
    }

    private IllegalArgumentException error(String path, String body) {
        return new IllegalArgumentException(kind + "." + path + ": " + body);
    }

    private static String goValue(Object value) {
        if (value instanceof JsonNode j) {
            return j.isTextual() ? "\"" + j.asText() + "\"" : j.toString();
        }
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }
}
