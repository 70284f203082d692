package io.j8s.api.selectors;

import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.errors.StatusException;
import io.j8s.api.validation.Causes;
import io.j8s.api.validation.FieldPath;
import io.j8s.api.validation.LabelFormats;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One requirement of a label selector, such as {@code tier in (web,api)}. Built only valid, as by
 * upstream's {@code NewRequirement}: the key is a qualified name, the values are label values and
 * their number fits the operator. Values are kept sorted and distinct.
 *
 * @throws StatusException 400 Bad Request, worded as upstream, when the requirement is invalid
 */
public record LabelRequirement(String key, LabelOperator operator, List<String> values) {

    public LabelRequirement {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(operator, "operator");
        List<String> given = new ArrayList<>();
        for (String v : values == null ? List.<String>of() : values) {
            given.add(v == null ? "" : v); // a JSON null in a list of strings reads as ""
        }
        List<StatusCause> causes = validate(key, operator, given);
        if (!causes.isEmpty()) {
            throw StatusException.badRequest(aggregate(causes));
        }
        values = List.copyOf(new TreeSet<>(given));
    }

    public boolean matches(Map<String, String> labels) {
        boolean has = labels != null && labels.containsKey(key);
        String value = has ? Objects.requireNonNullElse(labels.get(key), "") : null;
        return switch (operator) {
            case IN, EQUALS, DOUBLE_EQUALS -> has && values.contains(value);
            case NOT_IN, NOT_EQUALS -> !has || !values.contains(value);
            case EXISTS -> has;
            case DOES_NOT_EXIST -> !has;
            case GREATER_THAN, LESS_THAN -> {
                Long actual = has ? parseInt64(value) : null;
                Long bound = parseInt64(values.get(0));
                yield actual != null && bound != null && (operator == LabelOperator.GREATER_THAN
                        ? actual > bound : actual < bound);
            }
        };
    }

    /** Upstream's {@code Requirement.String()}, which {@link LabelSelector#parse} reads back. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (operator == LabelOperator.DOES_NOT_EXIST) {
            b.append('!');
        }
        b.append(key);
        switch (operator) {
            case EXISTS, DOES_NOT_EXIST -> {
                return b.toString();
            }
            case IN -> b.append(" in (");
            case NOT_IN -> b.append(" notin (");
            case GREATER_THAN -> b.append('>');
            case LESS_THAN -> b.append('<');
            default -> b.append(operator.symbol());
        }
        b.append(String.join(",", values));
        if (operator == LabelOperator.IN || operator == LabelOperator.NOT_IN) {
            b.append(')');
        }
        return b.toString();
    }

    private static List<StatusCause> validate(String key, LabelOperator op, List<String> values) {
        List<StatusCause> causes = new ArrayList<>();
        List<String> keyErrors = LabelFormats.qualifiedName(key);
        if (!keyErrors.isEmpty()) {
            causes.add(Causes.invalid(FieldPath.of("key"), key, String.join("; ", keyErrors)));
        }
        FieldPath valuesPath = FieldPath.of("values");
        switch (op) {
            case IN, NOT_IN -> {
                if (values.isEmpty()) {
                    causes.add(Causes.invalid(valuesPath, values,
                            "for 'in', 'notin' operators, values set can't be empty"));
                }
            }
            case EQUALS, DOUBLE_EQUALS, NOT_EQUALS -> {
                if (values.size() != 1) {
                    causes.add(Causes.invalid(valuesPath, values,
                            "exact-match compatibility requires one single value"));
                }
            }
            case EXISTS, DOES_NOT_EXIST -> {
                if (!values.isEmpty()) {
                    causes.add(Causes.invalid(valuesPath, values,
                            "values set must be empty for exists and does not exist"));
                }
            }
            case GREATER_THAN, LESS_THAN -> {
                if (values.size() != 1) {
                    causes.add(Causes.invalid(valuesPath, values,
                            "for 'Gt', 'Lt' operators, exactly one value is required"));
                }
                for (int i = 0; i < values.size(); i++) {
                    if (parseInt64(values.get(i)) == null) {
                        causes.add(Causes.invalid(valuesPath.index(i), values.get(i),
                                "for 'Gt', 'Lt' operators, the value must be an integer"));
                    }
                }
            }
        }
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            List<String> errs = LabelFormats.labelValue(v);
            if (!errs.isEmpty()) {
                causes.add(Causes.invalid(valuesPath.index(i).key(key), v,
                        String.join("; ", errs)));
            }
        }
        return causes;
    }

    /** Upstream's aggregate error text: one message, or several deduplicated in brackets. */
    static String aggregate(List<StatusCause> causes) {
        Set<String> messages = new LinkedHashSet<>();
        for (StatusCause c : causes) {
            messages.add(Causes.describe(c));
        }
        String joined = String.join(", ", messages);
        return messages.size() == 1 ? joined : "[" + joined + "]";
    }

    /** Go's {@code strconv.ParseInt(s, 10, 64)}; null when it fails. */
    static Long parseInt64(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        int start = s.charAt(0) == '+' || s.charAt(0) == '-' ? 1 : 0;
        if (start == s.length()) {
            return null;
        }
        for (int i = start; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return null;
            }
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException overflow) {
            return null;
        }
    }
}
