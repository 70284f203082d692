package io.j8s.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * JSON values as upstream's Go code sees them once decoded: an integer is not a float, and two
 * scalars are equal when their type and value are ({@code ==} on {@code interface{}}).
 */
final class GoJson {
    private GoJson() {}

    /** The JSON types as Go's decoder tells them apart (an integer is not a float). */
    enum Type {
        OBJECT, ARRAY, STRING, INTEGER, FLOAT, BOOLEAN, NULL;

        static Type of(JsonNode v) {
            if (v.isObject()) {
                return OBJECT;
            }
            if (v.isArray()) {
                return ARRAY;
            }
            if (v.isTextual()) {
                return STRING;
            }
            if (v.isIntegralNumber()) {
                return INTEGER;
            }
            if (v.isNumber()) {
                return FLOAT;
            }
            if (v.isBoolean()) {
                return BOOLEAN;
            }
            return NULL;
        }
    }

    /** Go's {@code ==} on two decoded JSON scalars: same type and value. */
    static boolean same(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b || (a == null ? b.isNull() : a.isNull());
        }
        Type ta = Type.of(a);
        if (ta != Type.of(b)) {
            return false;
        }
        return switch (ta) {
            case INTEGER -> a.bigIntegerValue().equals(b.bigIntegerValue());
            case FLOAT -> a.doubleValue() == b.doubleValue();
            case NULL -> true;
            default -> a.equals(b);
        };
    }

    /** How Go's decoder names a JSON value's type in its errors. */
    static String kind(JsonNode v) {
        return switch (Type.of(v)) {
            case OBJECT -> "object";
            case ARRAY -> "array";
            case STRING -> "string";
            case INTEGER, FLOAT -> "number";
            case BOOLEAN -> "bool";
            case NULL -> "null";
        };
    }
}
