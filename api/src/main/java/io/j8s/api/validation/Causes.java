package io.j8s.api.validation;

import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.errors.StatusException;
import java.util.List;

/**
 * Field errors as upstream's {@code field.Error} turns them into status causes: the reason is the
 * error type ({@code FieldValueInvalid}, ...), the field is the path and the message is the
 * error body, such as {@code Invalid value: "Foo": <detail>}.
 *
 * <p>Bad values print as Go prints them: strings quoted as {@code %q}, numbers and booleans bare,
 * null as {@code null}, string lists as {@code []string{"a", "b"}}, and a {@link GoValue} verbatim.
 */
public final class Causes {
    public static final String NOT_FOUND = "FieldValueNotFound";
    public static final String REQUIRED = "FieldValueRequired";
    public static final String DUPLICATE = "FieldValueDuplicate";
    public static final String INVALID = "FieldValueInvalid";
    public static final String NOT_SUPPORTED = "FieldValueNotSupported";
    public static final String FORBIDDEN = "FieldValueForbidden";
    public static final String TOO_LONG = "FieldValueTooLong";
    public static final String TOO_MANY = "FieldValueTooMany";

    /** A value already in Go syntax, printed as it is (for structs and typed nils). */
    public record GoValue(String text) {}

    private Causes() {}

    public static StatusCause invalid(FieldPath field, Object value, String detail) {
        return cause(INVALID, field, "Invalid value: " + render(value), detail);
    }

    public static StatusCause required(FieldPath field, String detail) {
        return cause(REQUIRED, field, "Required value", detail);
    }

    public static StatusCause forbidden(FieldPath field, String detail) {
        return cause(FORBIDDEN, field, "Forbidden", detail);
    }

    public static StatusCause duplicate(FieldPath field, Object value) {
        return cause(DUPLICATE, field, "Duplicate value: " + render(value), "");
    }

    public static StatusCause notFound(FieldPath field, Object value) {
        return cause(NOT_FOUND, field, "Not found: " + render(value), "");
    }

    /** Too long; the value itself is never echoed. */
    public static StatusCause tooLong(FieldPath field, int maxBytes) {
        return cause(TOO_LONG, field, "Too long",
                maxBytes >= 0 ? "may not be more than " + maxBytes + " bytes"
                        : "value is too long");
    }

    public static StatusCause tooMany(FieldPath field, int actual, int max) {
        String head = actual >= 0 ? "Too many: " + actual : "Too many";
        return cause(TOO_MANY, field, head, max >= 0 ? "must have at most " + max + " items"
                : "has too many items");
    }

    /** Unsupported value, listing the supported ones each quoted. */
    public static StatusCause notSupported(FieldPath field, Object value, List<String> supported) {
        StringBuilder detail = new StringBuilder();
        if (!supported.isEmpty()) {
            detail.append("supported values: ");
            for (int i = 0; i < supported.size(); i++) {
                detail.append(i == 0 ? "" : ", ").append(GoQuote.quote(supported.get(i)));
            }
        }
        return cause(NOT_SUPPORTED, field, "Unsupported value: " + render(value),
                detail.toString());
    }

    /** Upstream's {@code field.Error.Error()}: {@code <field>: <message>}. */
    public static String describe(StatusCause cause) {
        return cause.getField() + ": " + cause.getMessage();
    }

    /** A value as Go's {@code %v}/{@code %q}/{@code %#v} prints it in a field error. */
    public static String render(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return GoQuote.quote(s);
        }
        if (value instanceof GoValue g) {
            return g.text();
        }
        if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                return "[]string(nil)";
            }
            StringBuilder b = new StringBuilder("[]string{");
            for (int i = 0; i < list.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(GoQuote.quote(String.valueOf(list.get(i))));
            }
            return b.append('}').toString();
        }
        return String.valueOf(value);
    }

    private static StatusCause cause(String reason, FieldPath field, String head, String detail) {
        String message = detail == null || detail.isEmpty() ? head : head + ": " + detail;
        return StatusException.cause(reason, field.value(), message);
    }
}
