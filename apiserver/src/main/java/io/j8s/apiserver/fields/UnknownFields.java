package io.j8s.apiserver.fields;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the fields of a request body that its kind's model class does not declare, as upstream's
 * strict decoding does ({@code spec.replicaz}, {@code spec.containers[0].imagez}), and drops
 * them. Properties come from Jackson's view of the fabric8 class; the {@code additionalProperties}
 * catch-all is no field, map keys are free, and types with their own deserializer (quantities,
 * int-or-string) or with no declared property at all (FieldsV1, raw extensions) take anything.
 */
public final class UnknownFields {
    private static final Map<Class<?>, Map<String, JavaType>> PROPERTIES =
            new ConcurrentHashMap<>();

    private UnknownFields() {}

    /** The unknown fields' paths, removed from {@code body}. */
    public static List<String> removeFrom(ObjectNode body, Class<?> model) {
        List<String> found = new ArrayList<>();
        walk(body, Json.MAPPER.constructType(model), "", found);
        return found;
    }

    private static void walk(JsonNode node, JavaType type, String path, List<String> found) {
        if (type == null || node == null || node.isNull()) {
            return;
        }
        if (type.isCollectionLikeType() || type.isArrayType()) {
            if (node instanceof ArrayNode a) {
                for (int i = 0; i < a.size(); i++) {
                    walk(a.get(i), type.getContentType(), path + "[" + i + "]", found);
                }
            }
            return;
        }
        if (type.isMapLikeType()) {
            if (node instanceof ObjectNode o) {
                for (Map.Entry<String, JsonNode> e : o.properties()) {
                    walk(e.getValue(), type.getContentType(), join(path, e.getKey()), found);
                }
            }
            return;
        }
        Map<String, JavaType> properties = properties(type);
        if (properties == null || properties.isEmpty() || !(node instanceof ObjectNode o)) {
            return;
        }
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            JavaType child = properties.get(e.getKey());
            if (child == null && !properties.containsKey(e.getKey())) {
                unknown.add(e.getKey());
                found.add(join(path, e.getKey()));
            } else {
                walk(e.getValue(), child, join(path, e.getKey()), found);
            }
        }
        o.remove(unknown);
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** The properties of a model type, or null when it is a leaf or takes anything. */
    private static Map<String, JavaType> properties(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (raw.isPrimitive() || raw.getName().startsWith("java.")
                || JsonNode.class.isAssignableFrom(raw) || !raw.getName().startsWith("io.fabric8")
                || raw.isEnum() || hasOwnDeserializer(raw)) {
            return null;
        }
        return PROPERTIES.computeIfAbsent(raw, c -> {
            BeanDescription d = Json.MAPPER.getDeserializationConfig().introspect(type);
            Map<String, JavaType> out = new HashMap<>();
            for (BeanPropertyDefinition p : d.findProperties()) {
                if (p.hasSetter() || p.hasField() || p.hasConstructorParameter()) {
                    out.put(p.getName(), p.getPrimaryType());
                }
            }
            return out;
        });
    }

    private static boolean hasOwnDeserializer(Class<?> raw) {
        JsonDeserialize d = raw.getAnnotation(JsonDeserialize.class);
        return d != null && d.using() != JsonDeserializer.None.class;
    }
}
