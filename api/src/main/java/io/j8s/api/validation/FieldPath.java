package io.j8s.api.validation;

import java.util.Objects;

/**
 * Where a field error points, printed as upstream prints {@code field.Path}:
 * {@code metadata.name}, {@code spec.containers[0].name}, {@code metadata.labels[app]}.
 */
public record FieldPath(String value) {

    public FieldPath {
        Objects.requireNonNull(value, "value");
    }

    /** A root path made of one or more names joined with dots. */
    public static FieldPath of(String name, String... more) {
        FieldPath p = new FieldPath(name);
        for (String m : more) {
            p = p.child(m);
        }
        return p;
    }

    public FieldPath child(String name) {
        return new FieldPath(value.isEmpty() ? name : value + "." + name);
    }

    public FieldPath index(int index) {
        return new FieldPath(value + "[" + index + "]");
    }

    public FieldPath key(String key) {
        return new FieldPath(value + "[" + key + "]");
    }

    @Override
    public String toString() {
        return value;
    }
}
