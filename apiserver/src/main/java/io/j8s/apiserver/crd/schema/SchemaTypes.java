package io.j8s.apiserver.crd.schema;

import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import io.j8s.apiserver.cel.CelNames;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CEL types of a structural schema, as upstream declares them for x-kubernetes-validations:
 * an object with properties is an object type whose fields are its properties (names escaped,
 * see {@link CelNames}), an object with additionalProperties a map of string to their type, an
 * array a list, integer int, number double, boolean bool, string string (bytes, duration or
 * timestamp for the formats byte, duration, date and date-time), int-or-string dyn. The root and
 * every x-kubernetes-embedded-resource also have apiVersion, kind and metadata (name and
 * generateName). A schema with no type (preserve-unknown-fields alone) has no CEL type: a parent
 * does not show it as a field, and a rule on it cannot be compiled.
 */
final class SchemaTypes {
    private static final CelType STRING = SimpleType.STRING;

    private final Map<SchemaNode, CelType> types = new IdentityHashMap<>();
    private final List<StructType> structs = new ArrayList<>();

    private SchemaTypes() {}

    /** The types of every node of the schema whose root is {@code root}. */
    static SchemaTypes build(SchemaNode root) {
        return build(root, "selfType");
    }

    /**
     * As above, the root's type named {@code prefix} and a number that changes on every compile,
     * as upstream's, so that no expression can come to rely on it.
     */
    static SchemaTypes build(SchemaNode root, String prefix) {
        SchemaTypes t = new SchemaTypes();
        t.type(root, true, prefix + (System.nanoTime() % 1_000_000_000L));
        return t;
    }

    /** The CEL type of {@code node}, or null if it has none. */
    CelType typeOf(SchemaNode node) {
        return types.get(node);
    }

    /** The object types of the schema, for the type checker to find fields in. */
    List<StructType> structs() {
        return structs;
    }

    private CelType type(SchemaNode s, boolean resourceRoot, String name) {
        CelType t = declare(s, resourceRoot, name);
        if (t != null) {
            types.put(s, t);
        }
        return t;
    }

    private CelType declare(SchemaNode s, boolean resourceRoot, String name) {
        if (s.intOrString) {
            return SimpleType.DYN;
        }
        switch (s.type) {
            case "array" -> {
                if (s.items == null) {
                    return null;
                }
                CelType items = type(s.items, s.items.embedded, name + ".@idx");
                return items == null ? null : ListType.create(items);
            }
            case "object" -> {
                if (s.additional != null) {
                    CelType values = type(s.additional, s.additional.embedded,
                            name + ".@elem");
                    return values == null ? null : MapType.create(STRING, values);
                }
                Map<String, CelType> fields = new LinkedHashMap<>();
                for (Map.Entry<String, SchemaNode> p : s.properties.entrySet()) {
                    SchemaNode prop = p.getValue();
                    Optional<String> field = CelNames.escape(p.getKey());
                    CelType t = type(prop, prop.embedded, name + "." + field.orElse(p.getKey()));
                    if (t != null && field.isPresent()) {
                        fields.put(field.get(), t);
                    }
                }
                if (resourceRoot && !hasTypeAndObjectMeta(s)) {
                    fields.put("apiVersion", STRING);
                    fields.put("kind", STRING);
                    Map<String, CelType> meta = new LinkedHashMap<>();
                    meta.put("name", STRING);
                    meta.put("generateName", STRING);
                    fields.put("metadata", struct(name + ".metadata", meta));
                }
                return struct(name, fields);
            }
            case "string" -> {
                return switch (s.raw.path("format").asText("")) {
                    case "byte" -> SimpleType.BYTES;
                    case "duration" -> SimpleType.DURATION;
                    case "date", "date-time" -> SimpleType.TIMESTAMP;
                    default -> STRING;
                };
            }
            case "boolean" -> {
                return SimpleType.BOOL;
            }
            case "number" -> {
                return SimpleType.DOUBLE;
            }
            case "integer" -> {
                return SimpleType.INT;
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * Upstream's test of whether a resource's schema already declares apiVersion, kind and
     * metadata with name and generateName (a built-in kind's does), else those are added.
     */
    private static boolean hasTypeAndObjectMeta(SchemaNode s) {
        SchemaNode meta = s.properties.get("metadata");
        return isString(s.properties.get("kind")) && isString(s.properties.get("apiVersion"))
                && meta != null && meta.type.equals("object")
                && isString(meta.properties.get("name"))
                && isString(meta.properties.get("generateName"));
    }

    private static boolean isString(SchemaNode s) {
        return s != null && s.type.equals("string");
    }

    private StructType struct(String name, Map<String, CelType> fields) {
        Map<String, CelType> copy = Map.copyOf(fields);
        StructType t = StructType.create(name, ImmutableSet.copyOf(fields.keySet()),
                f -> Optional.ofNullable(copy.get(f)));
        structs.add(t);
        return t;
    }
}
