package io.j8s.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.catalogue.ResourceType;
import io.j8s.api.codec.Json;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI schemas of custom resources: the {@code openAPIV3Schema} of the served version,
 * with {@code apiVersion}, {@code kind} and {@code metadata} added and the kind named by
 * {@code x-kubernetes-group-version-kind}, as upstream publishes them (so {@code kubectl explain}
 * finds the kind), and the list kind beside it.
 */
@FunctionalInterface
public interface CustomSchemas {
    /** The definitions a custom resource's schemas refer to. */
    List<String> REFERENCED = List.of(DefinitionNames.META + "ObjectMeta",
            DefinitionNames.META + "ListMeta");

    /** The {@code openAPIV3Schema} of an added resource of the catalogue, or null for none. */
    ObjectNode schema(ResourceType type);

    /** The written schemas of one kind and its list, by definition name, per OpenAPI version. */
    record Written(Map<String, ObjectNode> v2, Map<String, ObjectNode> v3) {}

    /** Upstream's name: the group reversed, the version, the kind: {@code com.example.v1.Widget}. */
    static String definitionName(ResourceType t) {
        return definitionPrefix(t) + t.kind();
    }

    /** The same for its lists, named by {@code listKind}: {@code com.example.v1.WidgetList}. */
    static String listDefinitionName(ResourceType t) {
        return definitionPrefix(t) + t.listKind();
    }

    private static String definitionPrefix(ResourceType t) {
        String[] parts = t.group().split("\\.");
        StringBuilder b = new StringBuilder();
        for (int i = parts.length - 1; i >= 0; i--) {
            b.append(parts[i]).append('.');
        }
        return b.append(t.version()).append('.').toString();
    }

    static Written write(ResourceType t, ObjectNode schema) {
        String name = definitionName(t);
        String list = listDefinitionName(t);
        return new Written(
                Map.of(name, kind(t, schema == null ? null : v2(schema), "#/definitions/", false),
                        list, list(t, name, "#/definitions/")),
                Map.of(name, kind(t, schema, "#/components/schemas/", true),
                        list, list(t, name, "#/components/schemas/")));
    }

    /**
     * The schema in the Swagger 2.0 subset the v2 document carries (as upstream publishes custom
     * resources there): the keywords of {@link V2Protobuf} and the extensions, nothing else.
     */
    private static ObjectNode v2(JsonNode schema) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        for (Map.Entry<String, JsonNode> e : schema.properties()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (!key.startsWith("x-") && !V2Protobuf.SCHEMA_KEYS.contains(key)) {
                continue;
            }
            switch (key) {
                case "properties" -> {
                    ObjectNode props = out.putObject("properties");
                    value.properties().forEach(p -> props.set(p.getKey(), v2(p.getValue())));
                }
                case "items" -> {
                    if (value.isObject()) {
                        out.set("items", v2(value));
                    }
                }
                case "additionalProperties" -> out.set(key, value.isObject() ? v2(value) : value);
                default -> out.set(key, value);
            }
        }
        return out;
    }

    private static ObjectNode kind(ResourceType t, ObjectNode schema, String refs, boolean v3) {
        ObjectNode s = schema == null ? Json.MAPPER.createObjectNode().put("type", "object")
                .put("x-kubernetes-preserve-unknown-fields", true) : schema.deepCopy();
        ObjectNode props = s.with("properties");
        props.putObject("apiVersion").put("type", "string").put("description",
                "APIVersion defines the versioned schema of this representation of an object.");
        props.putObject("kind").put("type", "string").put("description",
                "Kind is a string value representing the REST resource this object represents.");
        ObjectNode meta = Json.MAPPER.createObjectNode();
        ObjectNode ref = Json.MAPPER.createObjectNode().put("$ref", refs + REFERENCED.get(0));
        if (v3) {
            meta.putArray("allOf").add(ref);
        } else {
            meta = ref;
        }
        meta.put("description", "Standard object's metadata. More info: https://git.k8s.io/"
                + "community/contributors/devel/sig-architecture/api-conventions.md#metadata");
        props.set("metadata", meta);
        s.putArray("x-kubernetes-group-version-kind").addObject().put("group", t.group())
                .put("kind", t.kind()).put("version", t.version());
        return s;
    }

    private static ObjectNode list(ResourceType t, String kind, String refs) {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.put("description", t.kind() + "List is a list of " + t.kind());
        s.put("type", "object");
        s.putArray("required").add("items");
        ObjectNode props = s.putObject("properties");
        props.putObject("apiVersion").put("type", "string");
        ObjectNode items = props.putObject("items").put("type", "array");
        items.putObject("items").put("$ref", refs + kind);
        props.putObject("kind").put("type", "string");
        props.putObject("metadata").put("$ref", refs + REFERENCED.get(1));
        ArrayNode gvk = s.putArray("x-kubernetes-group-version-kind");
        gvk.addObject().put("group", t.group()).put("kind", t.listKind())
                .put("version", t.version());
        return s;
    }
}
