package io.j8s.api.validation;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.errors.StatusException;
import java.math.BigDecimal;
import java.util.List;

/**
 * Resource quantities ({@code 100m}, {@code 1.5Gi}, {@code 2e3}) read as upstream's
 * {@code resource.ParseQuantity} reads them, as exact {@link BigDecimal}s for comparison
 * (requests against limits, sums against capacity). Values round away from zero to nanos;
 * binary-suffixed values cap at 2^63-1.
 */
public final class Quantities {
    /** Upstream's {@code ErrFormatWrong}. */
    public static final String FORMAT_ERROR = "quantities must match the regular expression "
            + "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    /** Upstream's {@code ErrNumeric}. */
    public static final String NUMERIC_ERROR = "unable to parse numeric part of quantity";
    /** Upstream's {@code ErrSuffix}. */
    public static final String SUFFIX_ERROR = "unable to parse quantity's suffix";

    private Quantities() {}

    /**
     * The value of {@code quantity}.
     *
     * @throws StatusException 400 Bad Request with upstream's message when it does not parse
     */
    public static BigDecimal parse(String quantity) {
        try {
            return QuantityParser.parse(quantity == null ? "" : quantity);
        } catch (QuantityParser.Failure f) {
            throw StatusException.badRequest(f.getMessage());
        }
    }

    /** The value of a fabric8 quantity, read from its text (amount and format together). */
    public static BigDecimal value(Quantity quantity) {
        return parse(text(quantity));
    }

    /** Compares two quantities by value, as upstream's {@code Quantity.Cmp}. */
    public static int compare(Quantity a, Quantity b) {
        return value(a).compareTo(value(b));
    }

    /** True when {@code quantity} parses. */
    public static boolean isValid(String quantity) {
        return validate(quantity, FieldPath.of("")).isEmpty();
    }

    /** No causes when {@code quantity} parses; otherwise one FieldValueInvalid cause. */
    public static List<StatusCause> validate(String quantity, FieldPath path) {
        String s = quantity == null ? "" : quantity;
        try {
            QuantityParser.parse(s);
            return List.of();
        } catch (QuantityParser.Failure f) {
            return List.of(Causes.invalid(path, s, f.getMessage()));
        }
    }

    public static List<StatusCause> validate(Quantity quantity, FieldPath path) {
        return validate(text(quantity), path);
    }

    /** The text a fabric8 quantity was read from, such as {@code 100Mi}. */
    public static String text(Quantity quantity) {
        if (quantity == null) {
            return "";
        }
        String amount = quantity.getAmount() == null ? "" : quantity.getAmount();
        return quantity.getFormat() == null ? amount : amount + quantity.getFormat();
    }
}
