package io.j8s.apiserver.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node of an OpenAPI v3 schema read from its JSON: type, properties, items,
 * additionalProperties, the Kubernetes extensions and the value constraints.
 */
final class SchemaNode {
    private static final ObjectMapper JSON = new ObjectMapper();

    final JsonNode raw;
    final String type;
    final Map<String, SchemaNode> properties = new LinkedHashMap<>();
    final SchemaNode items;
    /** The schema of additionalProperties, or null. */
    final SchemaNode additional;
    /** additionalProperties: true (any value kept) */
    final boolean additionalAny;
    final List<SchemaNode> allOf = new ArrayList<>();
    final List<SchemaNode> anyOf = new ArrayList<>();
    final List<SchemaNode> oneOf = new ArrayList<>();
    final SchemaNode not;
    final boolean nullable;
    final boolean preserveUnknown;
    final boolean intOrString;
    final boolean embedded;

    SchemaNode(JsonNode raw) {
        this.raw = raw == null ? MissingNode.getInstance() : raw;
        this.type = this.raw.path("type").asText("");
        for (Iterator<Map.Entry<String, JsonNode>> it = this.raw.path("properties").fields();
                it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            properties.put(e.getKey(), new SchemaNode(e.getValue()));
        }
        JsonNode i = this.raw.path("items");
        this.items = i.isObject() ? new SchemaNode(i)
                : i.isArray() && i.size() > 0 ? new SchemaNode(i.get(0)) : null;
        JsonNode ap = this.raw.path("additionalProperties");
        this.additional = ap.isObject() ? new SchemaNode(ap) : null;
        this.additionalAny = ap.isBoolean() && ap.booleanValue();
        this.raw.path("allOf").forEach(n -> allOf.add(new SchemaNode(n)));
        this.raw.path("anyOf").forEach(n -> anyOf.add(new SchemaNode(n)));
        this.raw.path("oneOf").forEach(n -> oneOf.add(new SchemaNode(n)));
        this.not = this.raw.path("not").isObject() ? new SchemaNode(this.raw.path("not")) : null;
        this.nullable = this.raw.path("nullable").asBoolean(false);
        this.preserveUnknown = this.raw.path("x-kubernetes-preserve-unknown-fields")
                .asBoolean(false);
        this.intOrString = this.raw.path("x-kubernetes-int-or-string").asBoolean(false);
        this.embedded = this.raw.path("x-kubernetes-embedded-resource").asBoolean(false);
    }

    static SchemaNode of(JSONSchemaProps props) {
        return new SchemaNode(props == null ? null : JSON.valueToTree(props));
    }

    boolean has(String field) {
        JsonNode n = raw.path(field);
        return !n.isMissingNode() && !n.isNull();
    }

    JsonNode get(String field) {
        return raw.path(field);
    }

    JsonNode defaultValue() {
        return raw.get("default");
    }

    String listType() {
        return raw.path("x-kubernetes-list-type").asText("");
    }

    List<String> mapKeys() {
        List<String> keys = new ArrayList<>();
        raw.path("x-kubernetes-list-map-keys").forEach(k -> keys.add(k.asText()));
        return keys;
    }

    JsonNode rules() {
        return raw.path("x-kubernetes-validations");
    }

    /** The schema of a value inside this one: a property, or a map value. */
    SchemaNode child(String name) {
        SchemaNode p = properties.get(name);
        return p != null ? p : additional;
    }
}
