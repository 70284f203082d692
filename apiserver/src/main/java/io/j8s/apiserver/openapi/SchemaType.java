package io.j8s.apiserver.openapi;

import java.util.List;

/** The type of one field, before either OpenAPI version writes it down. */
sealed interface SchemaType {

    /** {@code string}, {@code integer}, {@code number} or {@code boolean}, with its format. */
    record Primitive(String type, String format, List<String> enumValues) implements SchemaType {
        Primitive(String type, String format) {
            this(type, format, List.of());
        }
    }

    /** Another definition, by its upstream name. */
    record Ref(String definition) implements SchemaType {}

    record ArrayOf(SchemaType items) implements SchemaType {}

    /** A map with string keys: {@code additionalProperties}. */
    record MapOf(SchemaType values) implements SchemaType {}

    /** Some object whose fields are not described (an interface type in the model). */
    record AnyObject() implements SchemaType {}

    /** Any JSON value at all: fields typed {@code Object} or {@code JsonNode}. */
    record AnyValue() implements SchemaType {}
}
