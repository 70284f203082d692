package io.j8s.apiserver.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code metadata.managedFields}: who owns which fields, kept on every write as upstream's field
 * manager keeps it. An update gives its manager the fields it added or changed and takes them
 * from everyone else; fields it removed leave every set; entries left empty are dropped.
 */
public final class ManagedFields {
    public static final String APPLY = "Apply";
    public static final String UPDATE = "Update";

    private ManagedFields() {}

    /** Records a create by {@code manager} on {@code object}, an Update operation. */
    public static void recordCreate(ObjectNode object, String manager, String apiVersion,
            Scope scope, Instant now) {
        ObjectNode before = Json.MAPPER.createObjectNode();
        before.putObject("metadata");
        before.putObject("spec");
        before.putObject("status");
        recordUpdate(before, object, manager, apiVersion, "", scope, now);
    }

    /**
     * Records an update of {@code before} into {@code after} by {@code manager} (empty: a writer
     * that owns nothing, whose changes still leave the other managers' sets). Managed fields
     * the client sent are taken as they are, an empty list (or one empty entry) resets them; ones
     * that do not decode, and any sent to a subresource, are replaced by the live object's.
     */
    public static void recordUpdate(JsonNode before, ObjectNode after, String manager,
            String apiVersion, String subresource, Scope scope, Instant now) {
        List<ManagedFieldsEntry> entries = decodeLiveOrNew(before, after, !subresource.isEmpty());
        ObjectFields.Comparison c = ObjectFields.compare(before, after);
        FieldSet taken = scope.filter(c.modified().union(c.added()));
        ManagedFieldsEntry mine = new ManagedFieldsEntry(manager, UPDATE, apiVersion, subresource,
                time(now), FieldSet.EMPTY);
        List<ManagedFieldsEntry> next = new ArrayList<>();
        for (ManagedFieldsEntry e : entries) {
            if (e.sameManager(mine)) {
                mine = mine.with(e.fields(), e.time());
            } else {
                next.add(e.with(e.fields().minus(taken).minus(c.removed()), e.time()));
            }
        }
        FieldSet owned = mine.fields().minus(c.removed()).union(taken);
        if (manager.isEmpty()) {
            write(after, next);
            return;
        }
        next.add(mine.with(owned, taken.isEmpty() && !mine.fields().isEmpty()
                ? mine.time() : time(now)));
        write(after, next);
    }

    /**
     * Drops from every entry the fields {@code object} no longer has, after something outside the
     * field manager (dropping unknown fields) removed them.
     */
    public static void forgetMissing(ObjectNode object) {
        JsonNode managed = object.path("metadata").get("managedFields");
        if (managed == null) {
            return;
        }
        List<ManagedFieldsEntry> entries = new ArrayList<>();
        for (ManagedFieldsEntry e : decodeOrEmpty(managed)) {
            java.util.Set<List<String>> kept = new java.util.LinkedHashSet<>();
            for (List<String> p : e.fields().paths()) {
                if (!ObjectFields.find(object, p).isMissingNode()) {
                    kept.add(p);
                }
            }
            entries.add(e.with(FieldSet.of(kept), e.time()));
        }
        write(object, entries);
    }

    static List<ManagedFieldsEntry> decodeLiveOrNew(JsonNode live, JsonNode next,
            boolean subresource) {
        JsonNode sent = next.path("metadata").get("managedFields");
        if (!subresource && sent != null && sent.isArray()) {
            if (sent.isEmpty() || sent.size() == 1 && sent.get(0).isObject()
                    && sent.get(0).isEmpty()) {
                return List.of();
            }
            try {
                List<ManagedFieldsEntry> decoded = decode(sent);
                if (!decoded.isEmpty()) {
                    return decoded;
                }
            } catch (IllegalArgumentException e) {
                // upstream falls back to the live object's managed fields
            }
        }
        return live == null ? List.of() : decodeOrEmpty(live.path("metadata").get("managedFields"));
    }

    static List<ManagedFieldsEntry> decodeOrEmpty(JsonNode managed) {
        try {
            return decode(managed);
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    /** Decodes managedFields; IllegalArgumentException when an entry is not one upstream reads. */
    public static List<ManagedFieldsEntry> decode(JsonNode managed) {
        List<ManagedFieldsEntry> out = new ArrayList<>();
        if (managed == null || managed.isNull()) {
            return out;
        }
        if (!managed.isArray()) {
            throw new IllegalArgumentException("managedFields must be a list");
        }
        for (JsonNode e : managed) {
            String op = e.path("operation").asText("");
            if (!op.equals(APPLY) && !op.equals(UPDATE)) {
                throw new IllegalArgumentException("unknown operation: " + op);
            }
            String type = e.path("fieldsType").asText("");
            if (!type.equals("FieldsV1")) {
                throw new IllegalArgumentException(type.isEmpty()
                        ? "missing fieldsType in managed fields entry"
                        : "invalid fieldsType: " + type);
            }
            ManagedFieldsEntry entry = new ManagedFieldsEntry(e.path("manager").asText(""), op,
                    e.path("apiVersion").asText(""), e.path("subresource").asText(""),
                    e.path("time").asText(""), FieldSet.fromFieldsV1(e.get("fieldsV1")));
            for (ManagedFieldsEntry seen : out) {
                if (seen.sameManager(entry)) {
                    throw new IllegalArgumentException("duplicate manager " + entry.manager());
                }
            }
            out.add(entry);
        }
        return out;
    }

    /**
     * Writes entries into the object's metadata in upstream's order; drops empty ones and folds
     * the oldest Update entries beyond ten into {@code ancient-changes}.
     */
    static void write(ObjectNode object, List<ManagedFieldsEntry> entries) {
        List<ManagedFieldsEntry> kept = AncientChanges.fold(new ArrayList<>(entries.stream()
                .filter(e -> !e.fields().isEmpty()).toList()));
        kept.sort(Comparator.comparing(ManagedFieldsEntry::operation)
                .thenComparing(ManagedFieldsEntry::time)
                .thenComparing(ManagedFieldsEntry::manager)
                .thenComparing(ManagedFieldsEntry::apiVersion)
                .thenComparing(ManagedFieldsEntry::subresource));
        ObjectNode meta = object.with("metadata");
        if (kept.isEmpty()) {
            meta.remove("managedFields");
            return;
        }
        ArrayNode list = meta.putArray("managedFields");
        for (ManagedFieldsEntry e : kept) {
            ObjectNode n = list.addObject();
            n.put("manager", e.manager());
            n.put("operation", e.operation());
            n.put("apiVersion", e.apiVersion());
            if (!e.time().isEmpty()) {
                n.put("time", e.time());
            }
            n.put("fieldsType", "FieldsV1");
            n.set("fieldsV1", e.fields().toFieldsV1());
            if (!e.subresource().isEmpty()) {
                n.put("subresource", e.subresource());
            }
        }
    }

    static String time(Instant now) {
        return DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
    }
}
