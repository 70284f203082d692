package io.j8s.api.selectors;

import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.j8s.api.errors.StatusException;
import io.j8s.api.validation.GoQuote;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A label selector: requirements that must all hold, sorted by key. Read from the query syntax
 * ({@code app=web,tier in (a,b),!canary}) with {@link #parse} or from an object's
 * {@code spec.selector} with {@link #of}. {@link #toString} prints upstream's form, which
 * {@link #parse} reads back to an equal selector.
 */
public final class LabelSelector {
    private static final LabelSelector EVERYTHING = new LabelSelector(List.of(), false);
    private static final LabelSelector NOTHING = new LabelSelector(List.of(), true);

    private final List<LabelRequirement> requirements;
    private final boolean nothing;

    private LabelSelector(List<LabelRequirement> requirements, boolean nothing) {
        List<LabelRequirement> sorted = new ArrayList<>(requirements);
        sorted.sort(Comparator.comparing(LabelRequirement::key)); // stable
        this.requirements = List.copyOf(sorted);
        this.nothing = nothing;
    }

    /** Selects every object. */
    public static LabelSelector everything() {
        return EVERYTHING;
    }

    /** Selects no object (what a null {@code spec.selector} means). */
    public static LabelSelector nothing() {
        return NOTHING;
    }

    /**
     * Reads upstream's selector syntax; null or blank selects everything.
     *
     * @throws StatusException 400 Bad Request, worded as upstream, when it does not parse
     */
    public static LabelSelector parse(String selector) {
        if (selector == null) {
            return EVERYTHING;
        }
        List<LabelRequirement> parsed = LabelSelectorParser.parse(selector);
        return parsed.isEmpty() ? EVERYTHING : new LabelSelector(parsed, false);
    }

    /**
     * Upstream's {@code LabelSelectorAsSelector}: null selects nothing, an empty selector selects
     * everything, otherwise matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist).
     *
     * @throws StatusException 400 Bad Request for an unknown operator or an invalid key or value
     */
    public static LabelSelector of(io.fabric8.kubernetes.api.model.LabelSelector selector) {
        if (selector == null) {
            return NOTHING;
        }
        List<LabelRequirement> reqs = new ArrayList<>();
        if (selector.getMatchLabels() != null) {
            var matchLabels = new TreeMap<>(selector.getMatchLabels());
            for (Map.Entry<String, String> e : matchLabels.entrySet()) {
                String value = e.getValue() == null ? "" : e.getValue();
                reqs.add(new LabelRequirement(e.getKey(), LabelOperator.EQUALS, List.of(value)));
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement expr : selector.getMatchExpressions()) {
                String op = expr.getOperator() == null ? "" : expr.getOperator();
                LabelOperator operator = switch (op) {
                    case "In" -> LabelOperator.IN;
                    case "NotIn" -> LabelOperator.NOT_IN;
                    case "Exists" -> LabelOperator.EXISTS;
                    case "DoesNotExist" -> LabelOperator.DOES_NOT_EXIST;
                    default -> throw StatusException.badRequest(
                            GoQuote.quote(op) + " is not a valid label selector operator");
                };
                String key = expr.getKey() == null ? "" : expr.getKey();
                reqs.add(new LabelRequirement(key, operator, expr.getValues()));
            }
        }
        return reqs.isEmpty() ? EVERYTHING : new LabelSelector(reqs, false);
    }

    /** Upstream's {@code ValidatedSelectorFromSet}: every label equal; empty is everything. */
    public static LabelSelector fromSet(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return EVERYTHING;
        }
        List<LabelRequirement> reqs = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
            String value = e.getValue() == null ? "" : e.getValue();
            reqs.add(new LabelRequirement(e.getKey(), LabelOperator.EQUALS, List.of(value)));
        }
        return new LabelSelector(reqs, false);
    }

    /** Whether an object with these labels is selected; null means no labels. */
    public boolean matches(Map<String, String> labels) {
        if (nothing) {
            return false;
        }
        for (LabelRequirement r : requirements) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** True when this selects everything ({@link #nothing()} is not empty, as upstream). */
    public boolean isEmpty() {
        return !nothing && requirements.isEmpty();
    }

    public List<LabelRequirement> requirements() {
        return requirements;
    }

    /**
     * The value {@code label} must have, when the first requirement on it is {@code =}, {@code ==}
     * or {@code in} with one value (upstream's {@code RequiresExactMatch}).
     */
    public Optional<String> requiredValue(String label) {
        for (LabelRequirement r : requirements) {
            if (r.key().equals(label)) {
                boolean exact = r.operator() == LabelOperator.EQUALS
                        || r.operator() == LabelOperator.DOUBLE_EQUALS
                        || r.operator() == LabelOperator.IN;
                return exact && r.values().size() == 1 ? Optional.of(r.values().get(0))
                        : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Requirements joined by commas; empty for everything and, as upstream, for nothing. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (LabelRequirement r : requirements) {
            b.append(b.isEmpty() ? "" : ",").append(r);
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSelector other && nothing == other.nothing
                && requirements.equals(other.requirements);
    }

    @Override
    public int hashCode() {
        return requirements.hashCode() * 31 + (nothing ? 1 : 0);
    }
}
