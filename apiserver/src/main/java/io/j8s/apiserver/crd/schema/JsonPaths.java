package io.j8s.apiserver.crd.schema;

/** The simple JSONPaths of selectable fields and scale paths: {@code .spec.a.b}. */
final class JsonPaths {
    private JsonPaths() {}

    /** The schema of the field at a {@code .a.b} path, or null. */
    static SchemaNode resolve(SchemaNode root, String path) {
        if (!path.startsWith(".") || !path.matches("(\\.[A-Za-z0-9_\\-]+)+")) {
            return null;
        }
        SchemaNode s = root;
        for (String part : path.substring(1).split("\\.")) {
            s = s.properties.get(part);
            if (s == null) {
                return null;
            }
        }
        return s;
    }
}
