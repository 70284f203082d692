package io.j8s.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.J8sVersion;
import io.j8s.api.codec.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OpenAPI 3.0 document of one group version ({@code /openapi/v3/apis/apps/v1}): its paths
 * and the schemas they reach, nothing else, as upstream splits them.
 */
final class V3Document {
    private static final SchemaWriter SCHEMA = SchemaWriter.V3;
    private static final OptionDescriptions OPTIONS =
            new OptionDescriptions(FieldDescriptions.shipped());

    private V3Document() {}

    static ObjectNode build(List<PathItem> paths, Definitions definitions) {
        return build(paths, definitions, Map.of());
    }

    /**
     * @param extra schemas written as they are (custom resources'), by definition name; the
     *     definitions they name ({@link CustomSchemas#REFERENCED}) are written too
     */
    static ObjectNode build(List<PathItem> paths, Definitions definitions,
            Map<String, ObjectNode> extra) {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("openapi", "3.0.0");
        doc.putObject("info").put("title", "Kubernetes")
                .put("version", J8sVersion.kubernetesVersion());
        ObjectNode out = doc.putObject("paths");
        Map<String, PathItem> sorted = new TreeMap<>();
        paths.forEach(p -> sorted.put(p.path(), p));
        List<String> roots = new ArrayList<>();
        sorted.forEach((path, item) -> {
            out.set(path, pathItem(item));
            for (Operation o : item.operations()) {
                if (!o.body().isEmpty()) {
                    roots.add(o.body());
                }
                o.responses().values().stream().filter(d -> !d.isEmpty()).forEach(roots::add);
            }
        });
        ObjectNode schemas = doc.putObject("components").putObject("schemas");
        List<String> known = new ArrayList<>();
        for (String root : roots) {
            if (!extra.containsKey(root)) {
                known.add(root);
            }
        }
        if (!extra.isEmpty()) {
            known.addAll(CustomSchemas.REFERENCED);
        }
        for (String name : definitions.closure(known)) {
            schemas.set(name, SCHEMA.definition(definitions.get(name)));
        }
        new TreeMap<>(extra).forEach(schemas::set);
        return doc;
    }

    private static ObjectNode pathItem(PathItem item) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        for (Operation o : item.operations()) {
            n.set(o.method(), operation(o));
        }
        ArrayNode parameters = n.putArray("parameters");
        item.parameters().forEach(p -> parameters.add(parameter(p, p.description())));
        return n;
    }

    private static ObjectNode operation(Operation o) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.putArray("tags").add(o.tag());
        n.put("description", o.description());
        n.put("operationId", o.operationId());
        ArrayNode parameters = n.putArray("parameters");
        o.parameters().forEach(p -> parameters.add(parameter(p, OPTIONS.of(o, p))));
        if (!o.body().isEmpty()) {
            ObjectNode body = n.putObject("requestBody");
            ObjectNode content = body.putObject("content");
            for (String type : o.consumes()) {
                content.putObject(type).set("schema", SCHEMA.ref(o.body()));
            }
            body.put("required", o.bodyRequired());
        }
        ObjectNode responses = n.putObject("responses");
        new TreeMap<>(o.responses()).forEach((code, definition) -> {
            ObjectNode r = responses.putObject(code).put("description", Responses.text(code));
            if (!definition.isEmpty()) {
                ObjectNode content = r.putObject("content");
                for (String type : o.produces()) {
                    content.putObject(type).set("schema", SCHEMA.ref(definition));
                }
            }
        });
        responses.putObject("401").put("description", Responses.text("401"));
        n.put("x-kubernetes-action", o.action());
        n.set("x-kubernetes-group-version-kind", o.kind().toJson());
        return n;
    }

    private static ObjectNode parameter(Parameter p, String description) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("name", p.name());
        n.put("in", p.in());
        n.put("description", description);
        if (p.required()) {
            n.put("required", true);
        }
        n.putObject("schema").put("type", p.type()).put("uniqueItems", true);
        return n;
    }
}
