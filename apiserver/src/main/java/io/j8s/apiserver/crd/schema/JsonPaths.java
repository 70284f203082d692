package io.j8s.apiserver.crd.schema;

import java.util.regex.Pattern;

/** The simple JSONPaths of printer columns and selectable fields: {@code .spec.a.b}. */
final class JsonPaths {
    private static final Pattern SIMPLE = Pattern.compile(
            "(\\.[A-Za-z0-9_\\-]+|\\[[0-9*]+\\]|\\['[^']+'\\])+");

    private JsonPaths() {}

    static boolean valid(String path) {
        return path.startsWith(".") && SIMPLE.matcher(path).matches();
    }

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
