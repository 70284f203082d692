package io.j8s.apiserver.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.values.CelByteString;
import dev.cel.common.values.NullValue;
import io.j8s.apiserver.cel.CelNames;
import io.j8s.apiserver.cel.CelValues;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A custom resource's value as its rules see it, by the types of {@link SchemaTypes}: properties
 * under their escaped names, numbers as double, strings of the formats byte, duration, date and
 * date-time as bytes, durations and timestamps. What the schema does not describe is read as
 * JSON ({@link CelValues}).
 */
final class SchemaValues {
    private static final Pattern DURATION_PART =
            Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(ns|us|µs|ms|s|m|h|d|w)");

    private SchemaValues() {}

    static Object of(SchemaNode s, JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return NullValue.NULL_VALUE;
        }
        if (s == null || s.intOrString) {
            return CelValues.of(v);
        }
        switch (s.type) {
            case "object" -> {
                if (!v.isObject()) {
                    return CelValues.of(v);
                }
                Map<String, Object> map = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (s.additional != null) {
                        map.put(e.getKey(), of(s.additional, e.getValue()));
                        continue;
                    }
                    SchemaNode prop = s.properties.get(e.getKey());
                    if (prop == null) {
                        map.put(e.getKey(), CelValues.of(e.getValue()));
                    } else {
                        CelNames.escape(e.getKey())
                                .ifPresent(n -> map.put(n, of(prop, e.getValue())));
                    }
                }
                return map;
            }
            case "array" -> {
                if (!v.isArray()) {
                    return CelValues.of(v);
                }
                List<Object> list = new ArrayList<>(v.size());
                v.forEach(item -> list.add(of(s.items, item)));
                return list;
            }
            case "number" -> {
                return v.isNumber() ? (Object) v.doubleValue() : CelValues.of(v);
            }
            case "string" -> {
                return v.isTextual() ? formatted(s.raw.path("format").asText(""), v.asText())
                        : CelValues.of(v);
            }
            default -> {
                return CelValues.of(v);
            }
        }
    }

    /** The value of a string of a format CEL has a type for; the string if it does not parse. */
    private static Object formatted(String format, String text) {
        try {
            return switch (format) {
                case "byte" -> CelByteString.of(Base64.getDecoder().decode(text));
                case "date" -> LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
                case "date-time" -> OffsetDateTime.parse(text).toInstant();
                case "duration" -> duration(text);
                default -> text;
            };
        } catch (RuntimeException e) {
            return text;
        }
    }

    private static Duration duration(String text) {
        Matcher m = DURATION_PART.matcher(text);
        Duration d = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            double n = Double.parseDouble(m.group(1));
            long nanosPerUnit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                case "d" -> 86_400_000_000_000L;
                default -> 604_800_000_000_000L;
            };
            d = d.plusNanos(Math.round(n * nanosPerUnit));
            end = m.end();
        }
        if (end != text.length() || end == 0) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        return d;
    }
}
