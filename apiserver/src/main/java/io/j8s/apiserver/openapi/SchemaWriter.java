package io.j8s.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;

/**
 * Writes definitions and field types as JSON schema, the way one OpenAPI version does: where
 * {@code $ref}s point, how Quantity and IntOrString read, and whether server-side apply's
 * list-type markers appear (v3 only, as upstream).
 */
final class SchemaWriter {
    static final String ANY_VALUE = "Any JSON value.";
    private final boolean v3;
    private final String refPrefix;

    private SchemaWriter(boolean v3) {
        this.v3 = v3;
        this.refPrefix = v3 ? "#/components/schemas/" : "#/definitions/";
    }

    static final SchemaWriter V2 = new SchemaWriter(false);
    static final SchemaWriter V3 = new SchemaWriter(true);

    ObjectNode ref(String definition) {
        return Json.MAPPER.createObjectNode().put("$ref", refPrefix + definition);
    }

    ObjectNode definition(Definition d) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        if (!d.description().isEmpty()) {
            n.put("description", d.description());
        }
        switch (d.form()) {
            case OBJECT -> {
                n.put("type", "object");
                if (!d.required().isEmpty()) {
                    ArrayNode required = n.putArray("required");
                    d.required().forEach(required::add);
                }
                ObjectNode properties = n.putObject("properties");
                for (Property p : d.properties()) {
                    properties.set(p.name(), property(p));
                }
            }
            case QUANTITY -> {
                if (v3) {
                    ArrayNode oneOf = n.putArray("oneOf");
                    oneOf.addObject().put("type", "string");
                    oneOf.addObject().put("type", "number");
                } else {
                    n.put("type", "string");
                }
            }
            case INT_OR_STRING -> {
                n.put("format", "int-or-string");
                if (v3) {
                    ArrayNode oneOf = n.putArray("oneOf");
                    oneOf.addObject().put("type", "integer");
                    oneOf.addObject().put("type", "string");
                } else {
                    n.put("type", "string");
                }
            }
            case DATE_TIME -> n.put("type", "string").put("format", "date-time");
            case STRING -> n.put("type", "string");
            case FREE_OBJECT -> n.put("type", "object");
            case ANY -> {
                if (d.description().isEmpty()) {
                    n.put("description", ANY_VALUE);
                }
            }
        }
        if (!d.kinds().isEmpty()) {
            ArrayNode kinds = n.putArray("x-kubernetes-group-version-kind");
            d.kinds().forEach(k -> kinds.add(k.toJson()));
        }
        return n;
    }

    private ObjectNode property(Property p) {
        ObjectNode n = type(p.type());
        if (!p.description().isEmpty()) {
            if (v3 && p.type() instanceof SchemaType.Ref) {
                // OpenAPI 3 ignores a $ref's siblings; upstream wraps the $ref in allOf.
                ObjectNode wrapped = Json.MAPPER.createObjectNode();
                wrapped.putArray("allOf").add(n);
                n = wrapped;
            }
            n.put("description", p.description());
        }
        MergeStrategy m = p.merge();
        if (v3 && !m.listType().isEmpty()) {
            if (!m.listMapKeys().isEmpty()) {
                ArrayNode keys = n.putArray("x-kubernetes-list-map-keys");
                m.listMapKeys().forEach(keys::add);
            }
            n.put("x-kubernetes-list-type", m.listType());
        }
        if (!m.patchMergeKey().isEmpty()) {
            n.put("x-kubernetes-patch-merge-key", m.patchMergeKey());
        }
        if (!m.patchStrategy().isEmpty()) {
            n.put("x-kubernetes-patch-strategy", m.patchStrategy());
        }
        return n;
    }

    ObjectNode type(SchemaType type) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        switch (type) {
            case SchemaType.Primitive p -> {
                n.put("type", p.type());
                if (!p.format().isEmpty()) {
                    n.put("format", p.format());
                }
                if (!p.enumValues().isEmpty()) {
                    ArrayNode values = n.putArray("enum");
                    p.enumValues().forEach(values::add);
                }
            }
            case SchemaType.Ref r -> n.put("$ref", refPrefix + r.definition());
            case SchemaType.ArrayOf a -> {
                n.put("type", "array");
                n.set("items", type(a.items()));
            }
            case SchemaType.MapOf m -> {
                n.put("type", "object");
                n.set("additionalProperties", type(m.values()));
            }
            case SchemaType.AnyObject o -> n.put("type", "object");
            // Never an empty schema: kubectl explain's templates take {} for a missing one.
            case SchemaType.AnyValue v -> n.put("description", ANY_VALUE);
        }
        return n;
    }
}
