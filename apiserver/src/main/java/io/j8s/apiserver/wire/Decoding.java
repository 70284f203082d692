package io.j8s.apiserver.wire;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import java.util.Optional;

/**
 * What upstream's decoding of a body into its Go type refuses: a field whose JSON type is not the
 * field's ({@code "spec":"x"}, {@code "replicas":"three"}, {@code "labels":[]}). The first one in
 * document order is answered with {@code encoding/json}'s words, "json: cannot unmarshal string
 * into Go struct field Namespace.spec of type v1.NamespaceSpec": the innermost struct, the path of
 * field names from the root (no list indexes or map keys) and the Go type.
 *
 * <p>The object is walked along its fabric8 model class, through the codec's own Jackson
 * introspection (property maps cached per class), without building the model object: a walk over
 * the tree and nothing else. Go type names are derived from the Java types ({@code Integer} is
 * {@code int32}, {@code Long} {@code int64}, a model class {@code v1.Name}), so a named string
 * type upstream ({@code []v1.FinalizerName}) reads as its Java type ({@code []string}). Unknown
 * fields, nulls, and types that take anything (raw extensions, FieldsV1) pass; quantities and
 * int-or-strings take strings and numbers, as their Go unmarshalers do.
 */
public final class Decoding {
    private static final String QUANTITY_FORMAT = "quantities must match the regular expression"
            + " '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

    private Decoding() {}

    /** Why {@code object} does not decode as a {@code kind}, or empty when it does. */
    public static Optional<String> typeError(JsonNode object, Class<?> kind) {
        return Optional.ofNullable(struct(object, kind, ""));
    }

    /** The first error in {@code node}, an object of model class {@code type}; null if none. */
    private static String struct(JsonNode node, Class<?> type, String path) {
        Map<String, JavaType> properties = properties(type);
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JavaType t = properties.get(e.getKey());
            if (t != null) {
                String error = value(e.getValue(), t, type, join(path, e.getKey()));
                if (error != null) {
                    return error;
                }
            }
        }
        return null;
    }

    /** The first error in {@code node}, the value of field {@code path} of struct {@code in}. */
    private static String value(JsonNode node, JavaType type, Class<?> in, String path) {
        if (node.isNull() || node.isMissingNode()) {
            return null;
        }
        Class<?> raw = type.getRawClass();
        boolean list = type.isCollectionLikeType() || type.isArrayType();
        if (list || type.isMapLikeType()) {
            if (list ? !node.isArray() : !node.isObject()) {
                return mismatch(node, type, in, path);
            }
            for (JsonNode item : node) { // a list's items, or a map's values
                String error = value(item, type.getContentType(), in, path);
                if (error != null) {
                    return error;
                }
            }
            return null;
        }
        if (raw == String.class) {
            return node.isTextual() ? null : mismatch(node, type, in, path);
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return node.isBoolean() ? null : mismatch(node, type, in, path);
        }
        if (raw == Integer.class || raw == int.class) {
            return node.isIntegralNumber() && node.canConvertToInt() ? null
                    : mismatch(node, type, in, path);
        }
        if (raw == Long.class || raw == long.class) {
            return node.isIntegralNumber() && node.canConvertToLong() ? null
                    : mismatch(node, type, in, path);
        }
        if (raw == Double.class || raw == Float.class) {
            return node.isNumber() ? null : mismatch(node, type, in, path);
        }
        if (raw == Quantity.class) {
            return node.isTextual() || node.isNumber() ? null : QUANTITY_FORMAT;
        }
        if (raw == IntOrString.class) {
            return node.isTextual() || node.isIntegralNumber() && node.canConvertToInt() ? null
                    : "json: cannot unmarshal " + jsonType(node) + " into Go value of type int32";
        }
        if (!isStruct(raw)) {
            return null; // takes anything: raw JSON, FieldsV1, a polymorphic interface
        }
        return node.isObject() ? struct(node, raw, path) : mismatch(node, type, in, path);
    }

    private static String mismatch(JsonNode node, JavaType type, Class<?> in, String path) {
        String found = jsonType(node);
        if (node.isNumber() && (type.getRawClass() == Integer.class
                || type.getRawClass() == Long.class)) {
            found = "number " + node.asText(); // Go names the number it could not fit
        }
        return "json: cannot unmarshal " + found + " into Go struct field " + in.getSimpleName()
                + "." + path + " of type " + goType(type);
    }

    private static String jsonType(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "bool";
            case ARRAY -> "array";
            default -> "object";
        };
    }

    /** The Go type upstream declares, as {@code reflect} prints it, derived from the Java type. */
    private static String goType(JavaType type) {
        if (type.isCollectionLikeType() || type.isArrayType()) {
            return "[]" + goType(type.getContentType());
        }
        if (type.isMapLikeType()) {
            return "map[string]" + goType(type.getContentType());
        }
        Class<?> raw = type.getRawClass();
        if (raw == String.class) {
            return "string";
        } else if (raw == Integer.class || raw == int.class) {
            return "int32";
        } else if (raw == Long.class || raw == long.class) {
            return "int64";
        } else if (raw == Boolean.class || raw == boolean.class) {
            return "bool";
        } else if (raw == Double.class) {
            return "float64";
        } else if (raw == Float.class) {
            return "float32";
        }
        String pkg = raw.getPackageName();
        String last = pkg.substring(pkg.lastIndexOf('.') + 1);
        return (last.matches("v\\d+((alpha|beta)\\d+)?") ? last : "v1") + "." + raw.getSimpleName();
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private static boolean isStruct(Class<?> raw) {
        if (!ModelProperties.isModel(raw)) {
            return false;
        }
        JsonDeserialize d = raw.getAnnotation(JsonDeserialize.class);
        return (d == null || d.using() == JsonDeserializer.None.class)
                && !properties(raw).isEmpty();
    }

    private static Map<String, JavaType> properties(Class<?> type) {
        return ModelProperties.of(type).decodable();
    }
}
