package io.j8s.apiserver.admission.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.catalogue.ResourceCatalogue;
import io.j8s.api.catalogue.ResourceType;
import io.j8s.api.codec.Json;
import io.j8s.apiserver.openapi.OpenApiDocuments;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The schemas of built-in kinds as the server's OpenAPI v3 documents publish them, with every
 * {@code $ref} written out in place (as upstream's schema resolver does for its type checker): a
 * reference back into a schema being written out (a recursive type) has no type, so the type
 * checker does not see it; int-or-string and quantities (one of two types) are int-or-string.
 */
final class OpenApiSchemas {
    private static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    private static final int MAX_DEPTH = 24;

    private final ResourceCatalogue catalogue;

    OpenApiSchemas(ResourceCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    /** The schema of objects of a built-in kind, references written out. */
    Optional<JsonNode> schema(ResourceType type) {
        ObjectNode schemas = schemas(type.group(), type.version());
        for (Iterator<Map.Entry<String, JsonNode>> it = schemas.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            for (JsonNode gvk : e.getValue().path("x-kubernetes-group-version-kind")) {
                if (gvk.path("group").asText("").equals(type.group())
                        && gvk.path("version").asText("").equals(type.version())
                        && gvk.path("kind").asText("").equals(type.kind())) {
                    return Optional.of(inline(e.getValue(), schemas, new ArrayDeque<>()));
                }
            }
        }
        return Optional.empty();
    }

    /** ObjectMeta's schema, as every resource's metadata has it. */
    Optional<JsonNode> objectMeta() {
        ObjectNode schemas = schemas("", "v1");
        JsonNode meta = schemas.get(OBJECT_META);
        return meta == null ? Optional.empty()
                : Optional.of(inline(meta, schemas, new ArrayDeque<>()));
    }

    private ObjectNode schemas(String group, String version) {
        JsonNode schemas = OpenApiDocuments.builtInV3(catalogue, group, version)
                .path("components").path("schemas");
        return schemas instanceof ObjectNode o ? o : Json.MAPPER.createObjectNode();
    }

    private static JsonNode inline(JsonNode n, ObjectNode schemas, Deque<String> writing) {
        if (!n.isObject()) {
            return n;
        }
        if (n.has("$ref")) {
            String ref = n.get("$ref").asText();
            String name = ref.substring(ref.lastIndexOf('/') + 1);
            JsonNode target = schemas.get(name);
            if (target == null || writing.contains(name) || writing.size() >= MAX_DEPTH) {
                return Json.MAPPER.createObjectNode();
            }
            writing.push(name);
            try {
                return inline(target, schemas, writing);
            } finally {
                writing.pop();
            }
        }
        JsonNode allOf = n.path("allOf");
        if (allOf.size() == 1 && !n.has("type")) {
            return inline(allOf.get(0), schemas, writing);
        }
        if ("int-or-string".equals(n.path("format").asText(""))
                || (n.has("oneOf") && !n.has("type"))) {
            return Json.MAPPER.createObjectNode().put("x-kubernetes-int-or-string", true);
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        for (String keep : new String[] {"type", "format", "x-kubernetes-embedded-resource",
                "x-kubernetes-preserve-unknown-fields", "x-kubernetes-int-or-string"}) {
            if (n.has(keep)) {
                out.set(keep, n.get(keep));
            }
        }
        if (n.path("properties").isObject()) {
            ObjectNode props = out.putObject("properties");
            n.get("properties").fields().forEachRemaining(
                    e -> props.set(e.getKey(), inline(e.getValue(), schemas, writing)));
            if (!out.has("type")) {
                out.put("type", "object");
            }
        }
        if (n.path("items").isObject()) {
            out.set("items", inline(n.get("items"), schemas, writing));
        }
        if (n.path("additionalProperties").isObject()) {
            out.set("additionalProperties",
                    inline(n.get("additionalProperties"), schemas, writing));
        }
        return out;
    }
}
