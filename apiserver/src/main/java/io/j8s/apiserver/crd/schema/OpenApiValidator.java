package io.j8s.apiserver.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.validation.Causes;
import io.j8s.api.validation.FieldPath;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenAPI v3 validation of a value against its schema with upstream's messages, such as
 * {@code spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer:
 * "string"}.
 */
final class OpenApiValidator {
    private final List<StatusCause> causes;

    OpenApiValidator(List<StatusCause> causes) {
        this.causes = causes;
    }

    static FieldPath child(FieldPath p, String name) {
        return p == null ? FieldPath.of(name) : p.child(name);
    }

    static FieldPath index(FieldPath p, int i) {
        return p == null ? FieldPath.of("[" + i + "]") : p.index(i);
    }

    private static String in(FieldPath p) {
        return (p == null ? "" : p.value() + " ") + "in body";
    }

    private static FieldPath at(FieldPath p) {
        return p == null ? FieldPath.of("<nil>") : p;
    }

    void validate(SchemaNode s, JsonNode v, FieldPath p) {
        if (v == null || v.isMissingNode()) {
            return;
        }
        if (v.isNull()) {
            if (!s.nullable && !s.type.isEmpty()) {
                causes.add(Causes.invalid(at(p), "null", in(p) + " must be of type " + s.type
                        + ": \"null\""));
            }
            return;
        }
        String actual = typeOf(v);
        if (!s.type.isEmpty() && !fits(s.type, v)) {
            causes.add(Causes.invalid(at(p), actual, in(p) + " must be of type " + s.type + ": \""
                    + actual + "\""));
            return;
        }
        if (s.intOrString && !(v.isTextual() || v.isIntegralNumber())) {
            causes.add(Causes.invalid(at(p), actual, in(p)
                    + " must be of type integer or string: \"" + actual + "\""));
            return;
        }
        if (s.has("enum")) {
            boolean found = false;
            List<String> supported = new ArrayList<>();
            for (JsonNode e : s.get("enum")) {
                found |= e.equals(v) || (e.isNumber() && v.isNumber()
                        && e.decimalValue().compareTo(v.decimalValue()) == 0);
                supported.add(e.isTextual() ? e.asText() : e.toString());
            }
            if (!found) {
                causes.add(Causes.notSupported(at(p), value(v), supported));
            }
        }
        if (v.isNumber()) {
            numbers(s, v, p);
        } else if (v.isTextual()) {
            strings(s, v.asText(), p);
        } else if (v.isArray()) {
            arrays(s, v, p);
        } else if (v.isObject()) {
            objects(s, v, p);
        }
        combinators(s, v, p);
    }

    private void numbers(SchemaNode s, JsonNode v, FieldPath p) {
        BigDecimal n = v.decimalValue();
        if (s.has("maximum")) {
            BigDecimal max = s.get("maximum").decimalValue();
            boolean excl = s.get("exclusiveMaximum").asBoolean(false);
            if (excl ? n.compareTo(max) >= 0 : n.compareTo(max) > 0) {
                causes.add(Causes.invalid(at(p), value(v), in(p) + " should be less than "
                        + (excl ? "" : "or equal to ") + num(s.get("maximum"))));
            }
        }
        if (s.has("minimum")) {
            BigDecimal min = s.get("minimum").decimalValue();
            boolean excl = s.get("exclusiveMinimum").asBoolean(false);
            if (excl ? n.compareTo(min) <= 0 : n.compareTo(min) < 0) {
                causes.add(Causes.invalid(at(p), value(v), in(p) + " should be greater than "
                        + (excl ? "" : "or equal to ") + num(s.get("minimum"))));
            }
        }
        if (s.has("multipleOf")) {
            BigDecimal m = s.get("multipleOf").decimalValue();
            if (m.signum() != 0 && n.remainder(m).signum() != 0) {
                causes.add(Causes.invalid(at(p), value(v), in(p) + " should be a multiple of "
                        + num(s.get("multipleOf"))));
            }
        }
    }

    private void strings(SchemaNode s, String v, FieldPath p) {
        int len = v.codePointCount(0, v.length());
        if (s.has("maxLength") && len > s.get("maxLength").asLong()) {
            causes.add(Causes.tooLong(at(p), s.get("maxLength").asInt()));
        }
        if (s.has("minLength") && len < s.get("minLength").asLong()) {
            causes.add(Causes.invalid(at(p), v, in(p) + " should be at least "
                    + s.get("minLength").asLong() + " chars long"));
        }
        if (s.has("pattern")) {
            String pattern = s.get("pattern").asText();
            if (!Formats.matches(pattern, v)) {
                causes.add(Causes.invalid(at(p), v, in(p) + " should match '" + pattern + "'"));
            }
        }
        if (s.has("format") && !Formats.valid(s.get("format").asText(), v)) {
            causes.add(Causes.invalid(at(p), v, in(p) + " must be of type "
                    + s.get("format").asText() + ": \"" + v + "\""));
        }
    }

    private void arrays(SchemaNode s, JsonNode v, FieldPath p) {
        if (s.has("maxItems") && v.size() > s.get("maxItems").asLong()) {
            causes.add(Causes.tooMany(at(p), v.size(), s.get("maxItems").asInt()));
        }
        if (s.has("minItems") && v.size() < s.get("minItems").asLong()) {
            causes.add(Causes.invalid(at(p), v.size(), in(p) + " should have at least "
                    + s.get("minItems").asLong() + " items"));
        }
        String listType = s.listType();
        boolean unique = s.get("uniqueItems").asBoolean(false) || listType.equals("set");
        Set<JsonNode> seen = new HashSet<>();
        Set<List<JsonNode>> keys = new HashSet<>();
        List<String> mapKeys = listType.equals("map") ? s.mapKeys() : List.of();
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (unique && !seen.add(item)) {
                causes.add(Causes.duplicate(index(p, i), value(item)));
            }
            if (!mapKeys.isEmpty() && item.isObject()) {
                List<JsonNode> k = new ArrayList<>();
                mapKeys.forEach(key -> k.add(item.path(key)));
                if (!keys.add(k)) {
                    causes.add(Causes.duplicate(index(p, i), new Causes.GoValue(keyText(mapKeys,
                            k))));
                }
            }
            if (s.items != null) {
                validate(s.items, item, index(p, i));
            }
        }
    }

    private static String keyText(List<String> names, List<JsonNode> values) {
        StringBuilder b = new StringBuilder("map[string]interface {}{");
        for (int i = 0; i < names.size(); i++) {
            b.append(i == 0 ? "" : ", ").append('"').append(names.get(i)).append("\":")
                    .append(values.get(i).isTextual() ? "\"" + values.get(i).asText() + "\""
                            : values.get(i).toString());
        }
        return b.append('}').toString();
    }

    private void objects(SchemaNode s, JsonNode v, FieldPath p) {
        if (s.has("maxProperties") && v.size() > s.get("maxProperties").asLong()) {
            causes.add(Causes.tooMany(at(p), v.size(), s.get("maxProperties").asInt()));
        }
        if (s.has("minProperties") && v.size() < s.get("minProperties").asLong()) {
            causes.add(Causes.invalid(at(p), v.size(), in(p) + " should have at least "
                    + s.get("minProperties").asLong() + " properties"));
        }
        for (JsonNode r : s.get("required")) {
            JsonNode present = v.get(r.asText());
            if (present == null) {
                causes.add(Causes.required(child(p, r.asText()), ""));
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            SchemaNode c = s.child(e.getKey());
            if (c != null) {
                validate(c, e.getValue(), child(p, e.getKey()));
            }
        }
    }

    private void combinators(SchemaNode s, JsonNode v, FieldPath p) {
        for (SchemaNode a : s.allOf) {
            validate(a, v, p);
        }
        if (!s.anyOf.isEmpty() && s.anyOf.stream().noneMatch(a -> passes(a, v, p))) {
            causes.add(Causes.invalid(at(p), value(v), in(p)
                    + " must validate at least one schema (anyOf)"));
        }
        if (!s.oneOf.isEmpty()) {
            long n = s.oneOf.stream().filter(a -> passes(a, v, p)).count();
            if (n != 1) {
                causes.add(Causes.invalid(at(p), value(v), in(p)
                        + " must validate one and only one schema (oneOf)"));
            }
        }
        if (s.not != null && passes(s.not, v, p)) {
            causes.add(Causes.invalid(at(p), value(v), in(p)
                    + " must not validate the schema (not)"));
        }
    }

    private static boolean passes(SchemaNode s, JsonNode v, FieldPath p) {
        List<StatusCause> mine = new ArrayList<>();
        new OpenApiValidator(mine).validate(s, v, p);
        return mine.isEmpty();
    }

    static boolean fits(String type, JsonNode v) {
        return switch (type) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "integer" -> v.isIntegralNumber()
                    || (v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0);
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            default -> true;
        };
    }

    static String typeOf(JsonNode v) {
        if (v.isObject()) {
            return "object";
        }
        if (v.isArray()) {
            return "array";
        }
        if (v.isTextual()) {
            return "string";
        }
        if (v.isIntegralNumber()) {
            return "integer";
        }
        if (v.isNumber()) {
            return "number";
        }
        if (v.isBoolean()) {
            return "boolean";
        }
        return "null";
    }

    private static Object value(JsonNode v) {
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isIntegralNumber()) {
            return v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        return typeOf(v);
    }

    private static String num(JsonNode n) {
        return n.isIntegralNumber() || n.decimalValue().stripTrailingZeros().scale() <= 0
                ? n.decimalValue().toBigInteger().toString() : n.asText();
    }
}
