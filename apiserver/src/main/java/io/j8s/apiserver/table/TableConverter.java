package io.j8s.apiserver.table;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListMeta;
import io.j8s.api.catalogue.ResourceType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Turns objects into the {@code meta.k8s.io/v1 Table} that {@code kubectl get} asks for with
 * {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}: upstream's columns for the kind
 * (every column, wide ones included, as upstream's server sends them), one row of cells per object,
 * and in each row the object itself, its metadata alone, or nothing, as
 * {@link IncludeObject} asks. Ages are measured against the clock given here.
 *
 * <pre>{@code
 * {"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":"42"},
 *  "columnDefinitions":[{"name":"Name","type":"string","format":"name",
 *                        "description":"...","priority":0}, ...],
 *  "rows":[{"cells":["web-1","1/1","Running","0","5m"],
 *           "object":{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1",
 *                     "metadata":{...}}}]}
 * }</pre>
 */
public final class TableConverter {
    private final Clock clock;
    private final ObjectMapper mapper;
    private final PrinterRegistry printers = new PrinterRegistry();

    /** A converter that serializes row objects with a plain Jackson mapper. */
    public TableConverter(Clock clock) {
        this(clock, new ObjectMapper());
    }

    public TableConverter(Clock clock, ObjectMapper mapper) {
        this.clock = clock;
        this.mapper = mapper;
    }

    /**
     * A list response as a Table: one row per object, in order, with the list's resource version,
     * continue token and remaining item count.
     *
     * @param listMeta the list's metadata; null for none
     */
    public ObjectNode toTable(ResourceType type, List<? extends HasMetadata> objects,
            ListMeta listMeta, IncludeObject include) {
        ObjectNode table = header();
        ObjectNode metadata = table.putObject("metadata");
        if (listMeta != null) {
            putIfPresent(metadata, "resourceVersion", listMeta.getResourceVersion());
            putIfPresent(metadata, "continue", listMeta.getContinue());
            if (listMeta.getRemainingItemCount() != null) {
                metadata.put("remainingItemCount", listMeta.getRemainingItemCount());
            }
        }
        return withRows(table, type, objects, include);
    }

    /** A single object (a get) as a one-row Table carrying the object's resource version. */
    public ObjectNode toTable(ResourceType type, HasMetadata object, IncludeObject include) {
        ObjectNode table = header();
        putIfPresent(table.putObject("metadata"), "resourceVersion",
                object.getMetadata() == null ? null : object.getMetadata().getResourceVersion());
        return withRows(table, type, List.of(object), include);
    }

    private ObjectNode header() {
        ObjectNode table = mapper.createObjectNode();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        return table;
    }

    private ObjectNode withRows(ObjectNode table, ResourceType type,
            List<? extends HasMetadata> objects, IncludeObject include) {
        Printer<?> printer = printers.forType(type.type());
        ArrayNode columns = table.putArray("columnDefinitions");
        for (Column<?> c : printer.columns()) {
            ObjectNode col = columns.addObject();
            col.put("name", c.name());
            col.put("type", c.type());
            col.put("format", c.format());
            col.put("description", c.description());
            col.put("priority", c.priority());
        }
        Instant now = clock.instant();
        ArrayNode rows = table.putArray("rows");
        for (HasMetadata object : objects) {
            if (!printer.type().isInstance(object)) {
                throw new IllegalArgumentException(type.apiVersion() + " " + type.plural()
                        + " holds " + type.type().getName() + ", not " + object.getClass().getName());
            }
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            for (Object cell : printer.cells(object, now)) {
                addCell(cells, cell);
            }
            List<RowCondition> conditions = printer.conditions(object);
            if (!conditions.isEmpty()) {
                ArrayNode conds = row.putArray("conditions");
                for (RowCondition rc : conditions) {
                    ObjectNode c = conds.addObject();
                    c.put("type", rc.type());
                    c.put("status", rc.status());
                    putIfPresent(c, "reason", rc.reason());
                    putIfPresent(c, "message", rc.message());
                }
            }
            switch (include) {
                case NONE -> row.putNull("object");
                case METADATA -> row.set("object", partialObjectMetadata(object));
                case OBJECT -> row.set("object", fullObject(type, object));
            }
        }
        return table;
    }

    private ObjectNode partialObjectMetadata(HasMetadata object) {
        ObjectNode partial = mapper.createObjectNode();
        partial.put("kind", "PartialObjectMetadata");
        partial.put("apiVersion", "meta.k8s.io/v1");
        partial.set("metadata", object.getMetadata() == null ? mapper.createObjectNode()
                : mapper.valueToTree(object.getMetadata()));
        return partial;
    }

    private ObjectNode fullObject(ResourceType type, HasMetadata object) {
        ObjectNode full = mapper.valueToTree(object);
        if (!full.hasNonNull("kind")) {
            full.put("kind", type.kind());
        }
        if (!full.hasNonNull("apiVersion")) {
            full.put("apiVersion", type.apiVersion());
        }
        return full;
    }

    private static void addCell(ArrayNode cells, Object cell) {
        switch (cell) {
            case null -> cells.addNull();
            case String s -> cells.add(s);
            case Long l -> cells.add(l);
            case Integer i -> cells.add(i.longValue());
            case Boolean b -> cells.add(b);
            default -> cells.add(cell.toString());
        }
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
    }
}
