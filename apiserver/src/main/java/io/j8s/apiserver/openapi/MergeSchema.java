package io.j8s.apiserver.openapi;

import io.j8s.api.catalogue.ResourceCatalogue;
import io.j8s.api.catalogue.ResourceType;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;

/**
 * How the fields of one type merge, read from the definitions j8s publishes in its OpenAPI
 * documents (the one table: {@link MergeStrategies}): a strategic merge patch's
 * {@code x-kubernetes-patch-strategy} and {@code x-kubernetes-patch-merge-key}, server-side
 * apply's {@code x-kubernetes-list-type} and {@code x-kubernetes-list-map-keys}, and the type each
 * field holds, so that a patch or an apply walks the schema as it descends (upstream's
 * {@code LookupMergeSchema}, structured-merge-diff's typed values). A type the schema does not
 * describe ({@link #NONE}) has fields without strategies: objects merge, lists are atomic.
 */
public final class MergeSchema {
    /** No schema: every object merges as plain JSON and every list is atomic. */
    public static final MergeSchema NONE = new MergeSchema((SchemaType) null);

    private final SchemaType type;
    /** A custom resource's OpenAPI v3 schema (a node of it), when {@link #type} is null. */
    private final JsonNode json;

    private MergeSchema(SchemaType type) {
        this.type = type;
        this.json = null;
    }

    private MergeSchema(JsonNode json) {
        this.type = null;
        this.json = json;
    }

    /** The schemas of custom resources, by {@code apiVersion/kind}. */
    private static final Map<String, JsonNode> CUSTOM = new ConcurrentHashMap<>();

    /**
     * Makes {@code openAPIV3Schema} the schema of {@code apiVersion} {@code kind} (a custom
     * resource): its {@code x-kubernetes-list-type}, {@code x-kubernetes-list-map-keys} and
     * {@code x-kubernetes-map-type} guide server-side apply; null forgets it.
     */
    public static void register(String apiVersion, String kind, JsonNode openAPIV3Schema) {
        if (openAPIV3Schema == null) {
            CUSTOM.remove(apiVersion + "/" + kind);
        } else {
            CUSTOM.put(apiVersion + "/" + kind, openAPIV3Schema);
        }
    }

    /** The built-in kinds' definitions, built once: it walks every model class. */
    private static final class BuiltIn {
        static final ResourceCatalogue CATALOGUE = ResourceCatalogue.builtIn();
        static final Definitions DEFINITIONS = Definitions.cached(CATALOGUE);
    }

    /** The schema of one object of {@code resource}. */
    public static MergeSchema of(ResourceType resource) {
        String name = BuiltIn.DEFINITIONS.kind(resource);
        return name == null ? NONE : new MergeSchema(new SchemaType.Ref(name));
    }

    /** The schema of an object of {@code apiVersion} and {@code kind}; NONE for an unknown kind. */
    public static MergeSchema ofKind(String apiVersion, String kind) {
        JsonNode custom = CUSTOM.get(apiVersion + "/" + kind);
        if (custom != null) {
            return new MergeSchema(custom);
        }
        return BuiltIn.CATALOGUE.findKind(apiVersion, kind).map(MergeSchema::of).orElse(NONE);
    }

    /**
     * One field of this type.
     *
     * @param strategies the patch strategies: {@code merge}, {@code retainKeys}, {@code replace};
     *     empty for the default (objects merge, lists are replaced)
     * @param mergeKey the field that identifies an element of a merged list of objects, or ""
     * @param listType apply's list type: {@code map}, {@code set}, {@code atomic}, or "" (atomic)
     * @param listMapKeys the fields that identify an element of a {@code map} list
     * @param type the schema of the value the field holds
     */
    public record Field(List<String> strategies, String mergeKey, String listType,
            List<String> listMapKeys, MergeSchema type) {
        static final Field PLAIN = new Field(List.of(), "", "", List.of(), NONE);

        public Field {
            strategies = List.copyOf(strategies);
            listMapKeys = List.copyOf(listMapKeys);
        }

        /** True for a list whose elements a strategic merge patch merges. */
        public boolean merges() {
            return strategies.contains("merge");
        }

        /** True for an object a strategic merge patch replaces whole. */
        public boolean replaces() {
            return strategies.contains("replace");
        }
    }

    /** The field {@code name} of this type; a map's values and unknown fields have no strategy. */
    public Field field(String name) {
        if (json != null) {
            JsonNode p = json.path("properties").path(name);
            if (p.isMissingNode()) {
                p = json.path("additionalProperties");
            }
            if (!p.isObject()) {
                return Field.PLAIN;
            }
            List<String> keys = new java.util.ArrayList<>();
            p.path("x-kubernetes-list-map-keys").forEach(k -> keys.add(k.asText()));
            List<String> strategies = p.path("x-kubernetes-map-type").asText("").equals("atomic")
                    ? List.of("replace") : List.of();
            return new Field(strategies, "", p.path("x-kubernetes-list-type").asText(""), keys,
                    new MergeSchema(p));
        }
        switch (type) {
            case SchemaType.Ref r -> {
                Definition d = BuiltIn.DEFINITIONS.get(r.definition());
                if (d == null) {
                    return Field.PLAIN;
                }
                for (Property p : d.properties()) {
                    if (p.name().equals(name)) {
                        MergeStrategy m = p.merge();
                        List<String> strategies = m.patchStrategy().isEmpty() ? List.of()
                                : Arrays.asList(m.patchStrategy().split(","));
                        return new Field(strategies, m.patchMergeKey(), m.listType(),
                                m.listMapKeys(), at(p.type()));
                    }
                }
                return Field.PLAIN;
            }
            case SchemaType.MapOf m -> {
                return new Field(List.of(), "", "", List.of(), at(m.values()));
            }
            case null, default -> {
                return Field.PLAIN;
            }
        }
    }

    /** The schema of one element, when this is a list; {@link #NONE} otherwise. */
    public MergeSchema items() {
        if (json != null) {
            JsonNode items = json.path("items");
            return items.isObject() ? new MergeSchema(items) : NONE;
        }
        return type instanceof SchemaType.ArrayOf a ? at(a.items()) : NONE;
    }

    private static MergeSchema at(SchemaType t) {
        return switch (t) {
            case SchemaType.Ref r -> new MergeSchema(r);
            case SchemaType.ArrayOf a -> new MergeSchema(a);
            case SchemaType.MapOf m -> new MergeSchema(m);
            default -> NONE;
        };
    }
}
