package io.j8s.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * The v2 document in gnostic's {@code openapi.v2.Document} protobuf, which kubectl asks for
 * ({@code application/com.github.proto-openapi.spec.v2@v1.0+protobuf}) and decodes without a JSON
 * fallback. Encodes the JSON document {@link V2Document} builds; field numbers are those of
 * gnostic's {@code OpenAPIv2.proto}. Vendor extensions travel as YAML text, and JSON is YAML.
 */
final class V2Protobuf {
    /** The schema keywords V2Document writes; anything else is a bug, not something to drop. */
    static final Set<String> SCHEMA_KEYS = Set.of("$ref", "format",
            "description", "required", "enum", "additionalProperties", "type", "items",
            "properties");

    private V2Protobuf() {}

    static byte[] encode(ObjectNode doc) {
        ProtoWriter w = new ProtoWriter();
        w.string(1, doc.path("swagger").asText());
        ProtoWriter info = new ProtoWriter()
                .string(1, doc.path("info").path("title").asText())
                .string(2, doc.path("info").path("version").asText());
        w.message(2, info);
        ProtoWriter paths = new ProtoWriter();
        for (Map.Entry<String, JsonNode> p : doc.path("paths").properties()) {
            paths.message(2, new ProtoWriter().string(1, p.getKey())
                    .message(2, pathItem(p.getValue())));
        }
        w.message(8, paths);
        ProtoWriter definitions = new ProtoWriter();
        for (Map.Entry<String, JsonNode> d : doc.path("definitions").properties()) {
            definitions.message(1, new ProtoWriter().string(1, d.getKey())
                    .message(2, schema(d.getValue())));
        }
        w.message(9, definitions);
        return w.toByteArray();
    }

    private static ProtoWriter pathItem(JsonNode item) {
        ProtoWriter w = new ProtoWriter();
        for (Map.Entry<String, JsonNode> e : item.properties()) {
            switch (e.getKey()) {
                case "get" -> w.message(2, operation(e.getValue()));
                case "put" -> w.message(3, operation(e.getValue()));
                case "post" -> w.message(4, operation(e.getValue()));
                case "delete" -> w.message(5, operation(e.getValue()));
                case "patch" -> w.message(8, operation(e.getValue()));
                case "parameters" -> e.getValue().forEach(p -> w.message(9, parametersItem(p)));
                default -> throw unsupported("path item", e.getKey());
            }
        }
        return w;
    }

    private static ProtoWriter operation(JsonNode op) {
        ProtoWriter w = new ProtoWriter();
        op.path("tags").forEach(t -> w.string(1, t.asText()));
        w.string(3, op.path("description").asText());
        w.string(5, op.path("operationId").asText());
        op.path("produces").forEach(t -> w.string(6, t.asText()));
        op.path("consumes").forEach(t -> w.string(7, t.asText()));
        op.path("parameters").forEach(p -> w.message(8, parametersItem(p)));
        ProtoWriter responses = new ProtoWriter();
        for (Map.Entry<String, JsonNode> r : op.path("responses").properties()) {
            ProtoWriter response = new ProtoWriter()
                    .string(1, r.getValue().path("description").asText());
            if (r.getValue().has("schema")) {
                response.message(2, new ProtoWriter()
                        .message(1, schema(r.getValue().get("schema"))));
            }
            responses.message(1, new ProtoWriter().string(1, r.getKey())
                    .message(2, new ProtoWriter().message(1, response)));
        }
        w.message(9, responses);
        op.path("schemes").forEach(t -> w.string(10, t.asText()));
        for (Map.Entry<String, JsonNode> e : op.properties()) {
            if (e.getKey().startsWith("x-")) {
                w.message(13, namedAny(e.getKey(), e.getValue()));
            }
        }
        return w;
    }

    private static ProtoWriter parametersItem(JsonNode p) {
        ProtoWriter parameter = new ProtoWriter();
        String in = p.path("in").asText();
        if (in.equals("body")) {
            parameter.message(1, new ProtoWriter()
                    .string(1, p.path("description").asText())
                    .string(2, p.path("name").asText())
                    .string(3, in)
                    .bool(4, p.path("required").asBoolean())
                    .message(5, schema(p.path("schema"))));
        } else {
            boolean query = in.equals("query");
            ProtoWriter sub = new ProtoWriter()
                    .bool(1, p.path("required").asBoolean())
                    .string(2, in)
                    .string(3, p.path("description").asText())
                    .string(4, p.path("name").asText())
                    .string(query ? 6 : 5, p.path("type").asText())
                    .bool(query ? 20 : 19, p.path("uniqueItems").asBoolean());
            if (!query && !in.equals("path")) {
                throw unsupported("parameter location", in);
            }
            parameter.message(2, new ProtoWriter().message(query ? 3 : 4, sub));
        }
        return new ProtoWriter().message(1, parameter);
    }

    static ProtoWriter schema(JsonNode s) {
        ProtoWriter w = new ProtoWriter();
        w.string(1, s.path("$ref").asText());
        w.string(2, s.path("format").asText());
        w.string(4, s.path("description").asText());
        s.path("required").forEach(r -> w.string(19, r.asText()));
        s.path("enum").forEach(v -> w.message(20, any(v)));
        if (s.has("additionalProperties")) {
            JsonNode ap = s.get("additionalProperties");
            w.message(21, ap.isBoolean() ? new ProtoWriter().bool(2, ap.asBoolean())
                    : new ProtoWriter().message(1, schema(ap)));
        }
        if (s.has("type")) {
            w.message(22, new ProtoWriter().string(1, s.get("type").asText()));
        }
        if (s.has("items")) {
            w.message(23, new ProtoWriter().message(1, schema(s.get("items"))));
        }
        if (s.has("properties")) {
            ProtoWriter properties = new ProtoWriter();
            for (Map.Entry<String, JsonNode> p : s.get("properties").properties()) {
                properties.message(1, new ProtoWriter().string(1, p.getKey())
                        .message(2, schema(p.getValue())));
            }
            w.message(25, properties);
        }
        for (Map.Entry<String, JsonNode> e : s.properties()) {
            String key = e.getKey();
            if (key.startsWith("x-")) {
                w.message(31, namedAny(key, e.getValue()));
            } else if (!SCHEMA_KEYS.contains(key)) {
                throw unsupported("schema", key);
            }
        }
        return w;
    }

    private static ProtoWriter namedAny(String name, JsonNode value) {
        return new ProtoWriter().string(1, name).message(2, any(value));
    }

    /** gnostic's Any: the value as YAML text (JSON, which YAML reads). */
    private static ProtoWriter any(JsonNode value) {
        return new ProtoWriter().string(2, new String(Json.bytes(value),
                StandardCharsets.UTF_8) + "\n");
    }

    private static IllegalArgumentException unsupported(String where, String what) {
        return new IllegalArgumentException("cannot encode " + where + " field " + what
                + " in the v2 protobuf");
    }
}
