package io.j8s.apiserver.fields;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The one table of how the built-in kinds' lists behave, by field name: the strategic merge
 * patch's merge key and server-side apply's list type ({@code map} keyed by some fields,
 * {@code set} of primitives, or {@code atomic}). A list not named here is atomic.
 */
public final class ListTypes {
    /** How apply treats a list. */
    public enum Kind { MAP, SET, ATOMIC }

    /**
     * @param kind how server-side apply treats the list
     * @param mergeKey the strategic merge patch key, or null when the patch replaces the list
     * @param keys the fields that identify an element of a {@code map} list
     */
    public record ListType(Kind kind, String mergeKey, List<String> keys) {
        static ListType map(String... keys) {
            return new ListType(Kind.MAP, keys[0], List.of(keys));
        }
    }

    public static final ListType ATOMIC = new ListType(Kind.ATOMIC, null, List.of());
    private static final ListType SET = new ListType(Kind.SET, null, List.of());
    private static final ListType CONTAINER_PORTS = ListType.map("containerPort", "protocol");
    private static final ListType SERVICE_PORTS = ListType.map("port", "protocol");

    private static final Map<String, ListType> BY_FIELD = Map.ofEntries(
            Map.entry("containers", ListType.map("name")),
            Map.entry("initContainers", ListType.map("name")),
            Map.entry("ephemeralContainers", ListType.map("name")),
            Map.entry("volumes", ListType.map("name")),
            Map.entry("volumeMounts", ListType.map("mountPath")),
            Map.entry("volumeDevices", ListType.map("devicePath")),
            Map.entry("env", ListType.map("name")),
            Map.entry("imagePullSecrets", ListType.map("name")),
            Map.entry("hostAliases", ListType.map("ip")),
            Map.entry("ownerReferences", ListType.map("uid")),
            Map.entry("conditions", ListType.map("type")),
            Map.entry("topologySpreadConstraints",
                    ListType.map("topologyKey", "whenUnsatisfiable")),
            Map.entry("resourceClaims", ListType.map("name")),
            Map.entry("podIPs", ListType.map("ip")),
            // merged by a strategic merge patch, atomic for apply
            Map.entry("addresses", new ListType(Kind.ATOMIC, "type", List.of())),
            Map.entry("taints", new ListType(Kind.ATOMIC, "key", List.of())),
            Map.entry("containerStatuses", new ListType(Kind.ATOMIC, "name", List.of())),
            Map.entry("initContainerStatuses", new ListType(Kind.ATOMIC, "name", List.of())),
            Map.entry("finalizers", SET));

    private ListTypes() {}

    /** The value a missing key field of a {@code map} list element defaults to, or null. */
    public static String keyDefault(String key) {
        return key.equals("protocol") ? "TCP" : null;
    }

    /**
     * The type of the list in field {@code field}; {@code sample} is one of its elements (or null),
     * which tells container ports ({@code containerPort}) from service ports ({@code port}).
     */
    public static ListType of(String field, JsonNode sample) {
        if (field.equals("ports")) {
            return sample != null && sample.has("containerPort") ? CONTAINER_PORTS : SERVICE_PORTS;
        }
        return BY_FIELD.getOrDefault(field, ATOMIC);
    }
}
