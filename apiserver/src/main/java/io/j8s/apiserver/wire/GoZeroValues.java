package io.j8s.apiserver.wire;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Fills in what upstream's Go encoding writes even when it is unset, so that an object reads back
 * as upstream returns it and clients can patch into it ({@code add /spec/unschedulable} on a Node
 * created with metadata only).
 *
 * <p>The rule: a kind's {@code spec} and {@code status}, when its model class has them as
 * objects, are written as {@code {}} (every kind of {@code k8s.io/api} declares them as
 * non-pointer structs); inside, the fields {@link WrittenFields} lists get their zero value. The
 * object is walked along its fabric8 model class, read through the codec's own Jackson
 * introspection, so nested fields are found wherever the type occurs (a container's
 * {@code resources} in pods, templates and ephemeral containers alike). Nothing that is present
 * changes.
 */
public final class GoZeroValues {
    private static final List<String> TOP_LEVEL_STRUCTS = List.of("spec", "status");

    private GoZeroValues() {}

    /** Adds the zero values Go would write to {@code object}, a {@code kind} object. */
    public static void fill(ObjectNode object, Class<?> kind) {
        Map<String, JavaType> props = properties(kind);
        for (String field : TOP_LEVEL_STRUCTS) {
            JavaType t = props.get(field);
            if (t != null && isModel(t.getRawClass()) && !object.has(field)) {
                object.putObject(field);
            }
        }
        walk(object, kind);
    }

    private static void walk(ObjectNode node, Class<?> type) {
        WrittenFields.of(type).forEach((field, zero) -> {
            if (!node.has(field)) {
                node.set(field, zero.deepCopy());
            }
        });
        Map<String, JavaType> props = properties(type);
        node.fields().forEachRemaining(e -> {
            JavaType t = props.get(e.getKey());
            if (t != null) {
                descend(e.getValue(), t);
            }
        });
    }

    private static void descend(JsonNode value, JavaType type) {
        if (type.isCollectionLikeType() || type.isArrayType()) {
            if (value.isArray()) {
                value.forEach(item -> descend(item, type.getContentType()));
            }
        } else if (type.isMapLikeType()) {
            if (value.isObject()) {
                value.forEach(item -> descend(item, type.getContentType()));
            }
        } else if (value instanceof ObjectNode o && isModel(type.getRawClass())) {
            walk(o, type.getRawClass());
        }
    }

    private static boolean isModel(Class<?> raw) {
        return ModelProperties.isModel(raw);
    }

    private static Map<String, JavaType> properties(Class<?> type) {
        return ModelProperties.of(type).all();
    }
}
