package io.j8s.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.apiserver.openapi.MergeSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes' strategic merge patch, as upstream's server applies it
 * ({@code strategicpatch.StrategicMergeMapPatch}): a merge patch whose lists follow the schema.
 * A list field with patch strategy {@code merge} merges element by element (objects by their
 * patch merge key, scalars as a set); every other list is replaced whole. The directives:
 * {@code $patch: replace|delete} on an object or a list element, {@code $retainKeys},
 * {@code $setElementOrder/<list>} and {@code $deleteFromPrimitiveList/<list>}.
 *
 * <p>The type of each nested object is known as the patch descends ({@link MergeSchema}), so a
 * field's strategy is the one of the type that holds it: {@code spec.taints} of a Node is
 * replaced whole while {@code spec.containers} of a Pod merges by name.
 */
public final class StrategicMergePatch {
    static final String DIRECTIVE = "$patch";
    static final String RETAIN_KEYS = "$retainKeys";
    static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList";
    static final String SET_ELEMENT_ORDER = "$setElementOrder";

    private StrategicMergePatch() {}

    /**
     * {@code original} with {@code patch} applied; neither is changed.
     *
     * @param schema the schema of the object patched ({@link MergeSchema#NONE} when unknown)
     */
    public static JsonNode apply(JsonNode original, JsonNode patch, MergeSchema schema) {
        if (patch.isNull()) {
            return original.deepCopy();
        }
        if (!patch.isObject()) {
            throw PatchError.badRequest("json: cannot unmarshal " + GoJson.kind(patch)
                    + " into Go value of type map[string]interface {}");
        }
        ObjectNode base = original.isObject() ? ((ObjectNode) original).deepCopy() : null;
        return mergeMap(base, ((ObjectNode) patch).deepCopy(), schema);
    }

    /** Merges {@code patch} into {@code original} (both are changed); null original is {}. */
    static ObjectNode mergeMap(ObjectNode original, ObjectNode patch, MergeSchema schema) {
        if (patch.has(DIRECTIVE)) {
            JsonNode directive = patch.get(DIRECTIVE);
            if (directive.isTextual() && directive.asText().equals("replace")) {
                patch.remove(DIRECTIVE);
                return patch;
            }
            if (directive.isTextual() && directive.asText().equals("delete")) {
                return JsonNodeFactory.instance.objectNode();
            }
            throw MergeList.badPatchType(directive, patch);
        }
        if (original == null) {
            original = JsonNodeFactory.instance.objectNode();
        }
        retainKeys(original, patch);
        SetElementOrder.apply(original, patch, schema);
        for (Map.Entry<String, JsonNode> e : new ArrayList<>(patch.properties())) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            boolean deleteList = false;
            if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
                key = directiveField(key, DELETE_FROM_PRIMITIVE_LIST,
                        "invalid patch format of primitive list");
                deleteList = true;
            }
            if (value.isNull()) {
                original.remove(key);
                continue;
            }
            JsonNode current = original.get(key);
            if (current == null) {
                original.set(key, value);
                continue;
            }
            MergeSchema.Field field = schema.field(key);
            if (current.isObject() && value.isObject()) {
                original.set(key, field.replaces() ? value
                        : mergeMap((ObjectNode) current, (ObjectNode) value, field.type()));
            } else if (current.isArray() && value.isArray()) {
                original.set(key, field.merges()
                        ? MergeList.merge((ArrayNode) current, (ArrayNode) value,
                                field.type().items(), field.mergeKey(), deleteList)
                        : value);
            } else {
                original.set(key, value);
            }
        }
        return original;
    }

    /**
     * {@code $retainKeys}: every field the patch sets must be listed, and the fields of the
     * original that are not listed are cleared.
     */
    private static void retainKeys(ObjectNode original, ObjectNode patch) {
        if (!patch.has(RETAIN_KEYS)) {
            return;
        }
        JsonNode retain = patch.remove(RETAIN_KEYS);
        if (!retain.isArray()) {
            throw PatchError.badRequest("invalid patch format of retainKeys");
        }
        Set<String> keep = new HashSet<>();
        retain.forEach(k -> {
            if (k.isTextual()) {
                keep.add(k.asText());
            }
        });
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            String k = e.getKey();
            if (e.getValue().isNull() || k.startsWith(DELETE_FROM_PRIMITIVE_LIST)
                    || k.startsWith(SET_ELEMENT_ORDER)) {
                continue;
            }
            if (!keep.contains(k)) {
                throw PatchError.badRequest("invalid patch format of retainKeys");
            }
        }
        List<String> drop = new ArrayList<>();
        original.fieldNames().forEachRemaining(k -> {
            if (!keep.contains(k)) {
                drop.add(k);
            }
        });
        original.remove(drop);
    }

    /** The list field a {@code $directive/field} key names. */
    static String directiveField(String key, String prefix, String malformed) {
        int slash = key.indexOf('/');
        if (slash < 0 || !key.substring(0, slash).equals(prefix)) {
            throw PatchError.badRequest(malformed);
        }
        return key.substring(slash + 1);
    }
}
