package io.j8s.apiserver.table;

import io.j8s.api.errors.StatusException;

/** What each Table row carries besides its cells: the {@code includeObject} request parameter. */
public enum IncludeObject {
    /** No object. */
    NONE("None"),
    /** The object's metadata as a {@code PartialObjectMetadata}: upstream's default, kubectl's too. */
    METADATA("Metadata"),
    /** The whole object. */
    OBJECT("Object");

    private final String wireName;

    IncludeObject(String wireName) {
        this.wireName = wireName;
    }

    /** The parameter's value on the wire, such as {@code Metadata}. */
    public String wireName() {
        return wireName;
    }

    /** The value of {@code ?includeObject=}; absent or empty means {@link #METADATA}. */
    public static IncludeObject parse(String value) {
        if (value == null || value.isEmpty()) {
            return METADATA;
        }
        for (IncludeObject i : values()) {
            if (i.wireName.equals(value)) {
                return i;
            }
        }
        throw StatusException.badRequest("includeObject: Invalid value: \"" + value
                + "\": must be 'Metadata', 'Object', 'None', or empty");
    }
}
