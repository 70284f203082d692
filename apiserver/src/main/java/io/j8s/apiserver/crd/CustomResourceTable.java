package io.j8s.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.j8s.api.codec.Json;
import io.j8s.apiserver.registry.TablePrinter;
import io.j8s.apiserver.table.Age;
import io.j8s.apiserver.table.Descriptions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The Table of custom resources: a Name column, then the version's
 * {@code additionalPrinterColumns} (JSONPath cells, with their type, format and priority), or an
 * Age column when it has none, as upstream's table convertor answers.
 */
final class CustomResourceTable implements TablePrinter {
    private final ServedVersion served;
    private final Clock clock;

    CustomResourceTable(ServedVersion served, Clock clock) {
        this.served = served;
        this.clock = clock;
    }

    private List<CustomResourceColumnDefinition> columns() {
        List<CustomResourceColumnDefinition> columns = served.columns();
        if (!columns.isEmpty()) {
            return columns;
        }
        CustomResourceColumnDefinition age = new CustomResourceColumnDefinition();
        age.setName("Age");
        age.setType("date");
        age.setDescription(Descriptions.CREATION_TIMESTAMP);
        age.setJsonPath(".metadata.creationTimestamp");
        return List.of(age);
    }

    @Override
    public ObjectNode table(List<ObjectNode> objects, ObjectNode listMeta, String includeObject) {
        ObjectNode table = Json.MAPPER.createObjectNode();
        table.put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        table.set("metadata", listMeta);
        ArrayNode defs = table.putArray("columnDefinitions");
        defs.addObject().put("name", "Name").put("type", "string").put("format", "name")
                .put("description", Descriptions.NAME).put("priority", 0);
        List<CustomResourceColumnDefinition> columns = columns();
        List<JsonPath> paths = new ArrayList<>();
        for (CustomResourceColumnDefinition c : columns) {
            defs.addObject().put("name", c.getName()).put("type", c.getType())
                    .put("format", c.getFormat() == null ? "" : c.getFormat())
                    .put("description", c.getDescription() == null ? "" : c.getDescription())
                    .put("priority", c.getPriority() == null ? 0 : c.getPriority());
            paths.add(JsonPath.parse(c.getJsonPath()));
        }
        ArrayNode rows = table.putArray("rows");
        for (ObjectNode o : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            cells.add(o.path("metadata").path("name").asText());
            for (int i = 0; i < columns.size(); i++) {
                cell(cells, columns.get(i).getType(), paths.get(i).find(o));
            }
            switch (includeObject == null || includeObject.isEmpty() ? "Metadata" : includeObject) {
                case "None" -> row.putNull("object");
                case "Object" -> row.set("object", o);
                default -> {
                    ObjectNode partial = row.putObject("object");
                    partial.put("kind", "PartialObjectMetadata")
                            .put("apiVersion", "meta.k8s.io/v1");
                    partial.set("metadata", o.path("metadata").deepCopy());
                }
            }
        }
        return table;
    }

    private void cell(ArrayNode cells, String type, List<JsonNode> values) {
        List<JsonNode> present = values.stream().filter(v -> !v.isNull()).toList();
        if (present.isEmpty()) {
            cells.addNull();
            return;
        }
        if (present.size() > 1) {
            List<String> parts = new ArrayList<>();
            present.forEach(v -> parts.add(v.isValueNode() ? v.asText() : v.toString()));
            cells.add(String.join(",", parts));
            return;
        }
        JsonNode v = present.getFirst();
        switch (type) {
            case "integer" -> {
                if (v.isIntegralNumber()) {
                    cells.add(v.asLong());
                } else {
                    cells.addNull();
                }
            }
            case "number" -> {
                if (v.isNumber()) {
                    cells.add(v);
                } else {
                    cells.addNull();
                }
            }
            case "boolean" -> {
                if (v.isBoolean()) {
                    cells.add(v.asBoolean());
                } else {
                    cells.addNull();
                }
            }
            case "date" -> cells.add(v.isTextual() ? Age.since(v.asText(), clock.instant())
                    : null);
            default -> cells.add(v.isValueNode() ? v.asText() : v.toString());
        }
    }
}
