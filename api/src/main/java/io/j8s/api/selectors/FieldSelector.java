package io.j8s.api.selectors;

import io.j8s.api.errors.StatusException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A field selector such as {@code spec.nodeName=node-1,status.phase!=Running}: terms that must
 * all hold. Read as upstream reads it: terms split on unescaped commas, each split at its first
 * {@code !=}, {@code ==} or {@code =}; in values {@code \\}, {@code \,} and {@code \=} escape
 * those characters. An absent field reads as the empty string.
 */
public final class FieldSelector {
    private static final FieldSelector EVERYTHING = new FieldSelector(List.of());

    /** One term: {@code field=value} when {@code equal}, else {@code field!=value}. */
    public record Term(String field, String value, boolean equal) {
        public Term {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(value, "value");
        }

        boolean matches(Function<String, String> fieldValue) {
            String actual = fieldValue.apply(field);
            return (actual == null ? "" : actual).equals(value) == equal;
        }

        @Override
        public String toString() {
            return field + (equal ? "=" : "!=") + escapeValue(value);
        }
    }

    private final List<Term> terms;

    private FieldSelector(List<Term> terms) {
        List<Term> sorted = new ArrayList<>(terms);
        sorted.sort(Comparator.comparing(Term::toString));
        this.terms = List.copyOf(sorted);
    }

    public static FieldSelector everything() {
        return EVERYTHING;
    }

    /**
     * Reads upstream's field selector syntax; null or empty selects everything.
     *
     * @throws StatusException 400 Bad Request, worded as upstream, when it does not parse
     */
    public static FieldSelector parse(String selector) {
        if (selector == null || selector.isEmpty()) {
            return EVERYTHING;
        }
        List<Term> terms = new ArrayList<>();
        for (String part : FieldSelectorSyntax.splitTerms(selector)) {
            if (part.isEmpty()) {
                continue;
            }
            Term term = FieldSelectorSyntax.splitTerm(selector, part);
            if (!term.field().isEmpty() || !term.value().isEmpty()) { // "=" alone selects all
                terms.add(term);
            }
        }
        return terms.isEmpty() ? EVERYTHING : new FieldSelector(terms);
    }

    /** A selector of exactly these terms. */
    public static FieldSelector of(List<Term> terms) {
        return terms.isEmpty() ? EVERYTHING : new FieldSelector(terms);
    }

    /** Whether an object is selected; {@code fieldValue} gives a field's value, null if absent. */
    public boolean matches(Function<String, String> fieldValue) {
        for (Term t : terms) {
            if (!t.matches(fieldValue)) {
                return false;
            }
        }
        return true;
    }

    public boolean isEmpty() {
        return terms.isEmpty();
    }

    public List<Term> terms() {
        return terms;
    }

    /** The fields the terms name, so the server can reject the ones a kind does not support. */
    public Set<String> fields() {
        Set<String> fields = new LinkedHashSet<>();
        for (Term t : terms) {
            fields.add(t.field());
        }
        return fields;
    }

    /** The value {@code field} must equal, when some term requires it exactly. */
    public Optional<String> requiredValue(String field) {
        for (Term t : terms) {
            if (t.equal() && t.field().equals(field)) {
                return Optional.of(t.value());
            }
        }
        return Optional.empty();
    }

    /**
     * Upstream's field label conversion: {@code labels} maps each field to the name the kind
     * knows it by (itself, or a new name such as {@code spec.host} to {@code spec.nodeName}),
     * or to null when the kind does not support it.
     *
     * @throws StatusException 400 Bad Request {@code field label not supported: <field>}
     */
    public FieldSelector convert(UnaryOperator<String> labels) {
        List<Term> converted = new ArrayList<>();
        for (Term t : terms) {
            String field = labels.apply(t.field());
            if (field == null) {
                throw unsupportedField(t.field());
            }
            converted.add(new Term(field, t.value(), t.equal()));
        }
        return of(converted);
    }

    /** Upstream's error for a field a kind cannot select on. */
    public static StatusException unsupportedField(String field) {
        return StatusException.badRequest("field label not supported: " + field);
    }

    /** Upstream's {@code EscapeValue}: backslash, comma and equals sign get a backslash. */
    public static String escapeValue(String value) {
        StringBuilder b = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == ',' || c == '=') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    /** Terms joined by commas, in order; {@link #parse} reads it back to an equal selector. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Term t : terms) {
            b.append(b.isEmpty() ? "" : ",").append(t);
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldSelector other && terms.equals(other.terms);
    }

    @Override
    public int hashCode() {
        return terms.hashCode();
    }
}
