package io.j8s.apiserver.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListMeta;
import io.j8s.api.catalogue.ResourceType;
import io.j8s.api.codec.Json;
import io.j8s.apiserver.registry.ListResult;
import io.j8s.apiserver.registry.Registry;
import io.j8s.apiserver.registry.TablePrinter;
import io.j8s.apiserver.table.IncludeObject;
import io.j8s.apiserver.table.TableConverter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Answers in the Table form kubectl get asks for, from the registry's JSON objects. */
final class Tables {
    private final TableConverter converter;

    Tables(TableConverter converter) {
        this.converter = converter;
    }

    ObjectNode list(Registry registry, ListResult page, String includeObject) {
        ResourceType type = registry.type();
        TablePrinter printer = registry.strategy().tablePrinter();
        if (printer != null) {
            ObjectNode meta = Json.MAPPER.createObjectNode();
            meta.put("resourceVersion", page.resourceVersion());
            if (!page.continueToken().isEmpty()) {
                meta.put("continue", page.continueToken());
            }
            if (page.remainingItemCount() != null) {
                meta.put("remainingItemCount", page.remainingItemCount());
            }
            return printer.table(page.items(), meta, includeObject);
        }
        List<HasMetadata> objects = new ArrayList<>(page.items().size());
        for (ObjectNode o : page.items()) {
            objects.add(typed(type, o));
        }
        ListMeta meta = new ListMeta();
        meta.setResourceVersion(page.resourceVersion());
        if (!page.continueToken().isEmpty()) {
            meta.setContinue(page.continueToken());
        }
        meta.setRemainingItemCount(page.remainingItemCount());
        return converter.toTable(type, objects, meta, IncludeObject.parse(includeObject));
    }

    ObjectNode one(Registry registry, ObjectNode object, String includeObject) {
        ResourceType type = registry.type();
        TablePrinter printer = registry.strategy().tablePrinter();
        if (printer != null) {
            ObjectNode meta = Json.MAPPER.createObjectNode();
            meta.put("resourceVersion", object.path("metadata").path("resourceVersion").asText());
            return printer.table(List.of(object), meta, includeObject);
        }
        return converter.toTable(type, typed(type, object), IncludeObject.parse(includeObject));
    }

    /** What a watch sends instead of each object: a Table of one row. */
    UnaryOperator<ObjectNode> forWatch(Registry registry, String includeObject) {
        ResourceType type = registry.type();
        TablePrinter printer = registry.strategy().tablePrinter();
        if (printer != null) {
            return o -> {
                ObjectNode meta = Json.MAPPER.createObjectNode();
                meta.put("resourceVersion", o.path("metadata").path("resourceVersion").asText());
                return printer.table(List.of(o), meta, includeObject);
            };
        }
        IncludeObject include = IncludeObject.parse(includeObject);
        return o -> converter.toTable(type, typed(type, o), include);
    }

    private static HasMetadata typed(ResourceType type, ObjectNode o) {
        return Json.convert(o, type.type());
    }
}
