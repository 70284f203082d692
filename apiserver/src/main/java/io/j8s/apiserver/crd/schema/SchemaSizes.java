package io.j8s.apiserver.crd.schema;

/**
 * The largest size a value may have by its schema, for the cost estimate: maxLength, maxItems
 * and maxProperties when declared, otherwise as many as a request of 3 MiB could hold, as
 * upstream estimates it from the smallest serialized element.
 */
final class SchemaSizes {
    static final long MAX_REQUEST_BYTES = 3L * 1024 * 1024;

    private SchemaSizes() {}

    /** The size at {@code path} ({@code self.a.b[*]}, {@code oldSelf...}) below {@code node}. */
    static long maxSize(SchemaNode node, String path) {
        SchemaNode s = resolve(node, path);
        return s == null ? -1 : maxSize(s);
    }

    static long maxSize(SchemaNode s) {
        switch (s.type) {
            case "string":
                return s.has("maxLength") ? s.get("maxLength").asLong() : MAX_REQUEST_BYTES;
            case "array":
                return s.has("maxItems") ? s.get("maxItems").asLong()
                        : MAX_REQUEST_BYTES / (minSize(s.items) + 1);
            case "object":
                if (s.has("maxProperties")) {
                    return s.get("maxProperties").asLong();
                }
                if (s.additional != null || s.additionalAny || s.preserveUnknown) {
                    return MAX_REQUEST_BYTES / (minSize(s.additional) + 4);
                }
                return s.properties.size();
            default:
                return s.intOrString ? MAX_REQUEST_BYTES : 1;
        }
    }

    /** How many times a value at this node can occur inside its parent list or map. */
    static long occurrences(SchemaNode parent) {
        return parent.type.equals("array") || parent.additional != null ? maxSize(parent) : 1;
    }

    private static long minSize(SchemaNode s) {
        if (s == null) {
            return 1;
        }
        return switch (s.type) {
            case "string", "object", "array" -> 2;
            case "boolean" -> 4;
            default -> 1;
        };
    }

    private static SchemaNode resolve(SchemaNode node, String path) {
        String rest;
        if (path.startsWith("self")) {
            rest = path.substring(4);
        } else if (path.startsWith("oldSelf")) {
            rest = path.substring(7);
        } else {
            return null;
        }
        SchemaNode s = node;
        for (String part : rest.split("(?=[.\\[])")) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.equals("[*]")) {
                s = s.items != null ? s.items : s.additional;
            } else if (part.startsWith(".")) {
                s = s.child(part.substring(1));
            } else {
                return null;
            }
            if (s == null) {
                return null;
            }
        }
        return s;
    }
}
