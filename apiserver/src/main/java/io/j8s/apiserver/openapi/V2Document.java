package io.j8s.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.J8sVersion;
import io.j8s.api.codec.Json;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The one Swagger 2.0 document of {@code /openapi/v2}: every path and every definition. */
final class V2Document {
    private static final SchemaWriter SCHEMA = SchemaWriter.V2;
    private static final OptionDescriptions OPTIONS =
            new OptionDescriptions(FieldDescriptions.shipped());

    private V2Document() {}

    static ObjectNode build(List<PathItem> paths, Definitions definitions) {
        return build(paths, definitions, Map.of());
    }

    /** @param extra definitions written as they are (custom resources'), by name */
    static ObjectNode build(List<PathItem> paths, Definitions definitions,
            Map<String, ObjectNode> extra) {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("swagger", "2.0");
        doc.putObject("info").put("title", "Kubernetes")
                .put("version", J8sVersion.kubernetesVersion());
        ObjectNode out = doc.putObject("paths");
        Map<String, PathItem> sorted = new TreeMap<>();
        paths.forEach(p -> sorted.put(p.path(), p));
        sorted.forEach((path, item) -> out.set(path, pathItem(item)));
        ObjectNode defs = doc.putObject("definitions");
        definitions.all().forEach(d -> defs.set(d.name(), SCHEMA.definition(d)));
        new TreeMap<>(extra).forEach(defs::set);
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
        n.put("description", o.description());
        o.consumes().forEach(n.putArray("consumes")::add);
        o.produces().forEach(n.putArray("produces")::add);
        n.putArray("schemes").add("https");
        n.putArray("tags").add(o.tag());
        n.put("operationId", o.operationId());
        ArrayNode parameters = n.putArray("parameters");
        if (!o.body().isEmpty()) {
            ObjectNode body = parameters.addObject();
            body.put("name", "body").put("in", "body").put("required", o.bodyRequired());
            body.set("schema", SCHEMA.ref(o.body()));
        }
        o.parameters().forEach(p -> parameters.add(parameter(p, OPTIONS.of(o, p))));
        ObjectNode responses = n.putObject("responses");
        new TreeMap<>(o.responses()).forEach((code, definition) -> {
            ObjectNode r = responses.putObject(code).put("description", Responses.text(code));
            if (!definition.isEmpty()) {
                r.set("schema", SCHEMA.ref(definition));
            }
        });
        responses.putObject("401").put("description", Responses.text("401"));
        n.put("x-kubernetes-action", o.action());
        n.set("x-kubernetes-group-version-kind", o.kind().toJson());
        return n;
    }

    private static ObjectNode parameter(Parameter p, String description) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("uniqueItems", true);
        n.put("type", p.type());
        n.put("description", description);
        n.put("name", p.name());
        n.put("in", p.in());
        if (p.required()) {
            n.put("required", true);
        }
        return n;
    }
}
