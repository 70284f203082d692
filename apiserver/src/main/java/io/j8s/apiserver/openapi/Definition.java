package io.j8s.apiserver.openapi;

import java.util.List;

/**
 * One entry of {@code definitions} (v2) or {@code components.schemas} (v3).
 *
 * @param name the upstream name, such as {@code io.k8s.api.core.v1.Pod}
 * @param form an object with properties, or one of the special apimachinery types
 * @param properties the fields of an object, sorted by name
 * @param required the fields that must be set
 * @param kinds the group/version/kinds of a top-level kind (and of its list)
 */
record Definition(String name, Form form, String description, List<Property> properties,
        List<String> required, List<GroupVersionKind> kinds) {

    /** What a definition is; each OpenAPI version writes the special forms its own way. */
    enum Form {
        OBJECT,
        /** resource.Quantity: a string in v2, one of string or number in v3. */
        QUANTITY,
        /** intstr.IntOrString: format int-or-string; one of integer or string in v3. */
        INT_OR_STRING,
        /** meta/v1 Time and MicroTime. */
        DATE_TIME,
        /** meta/v1 Duration and other types carried as strings. */
        STRING,
        /** runtime.RawExtension, FieldsV1, Patch: an object of any shape. */
        FREE_OBJECT,
        /** apiextensions JSON and friends: any JSON value. */
        ANY
    }

    Definition {
        properties = List.copyOf(properties);
        required = List.copyOf(required);
        kinds = List.copyOf(kinds);
    }

    static Definition special(String name, Form form, String description) {
        return new Definition(name, form, description, List.of(), List.of(), List.of());
    }
}
