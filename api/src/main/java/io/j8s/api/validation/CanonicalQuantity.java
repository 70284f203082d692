package io.j8s.api.validation;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Quantities printed as upstream's {@code Quantity.String()} prints them once parsed: the largest
 * suffix that leaves a whole number, keeping the family the text was written in. {@code 2000m}
 * prints as {@code 2}, {@code 1024Mi} as {@code 1Gi}, {@code 0.5} as {@code 500m}; binary
 * amounts below 1024 or with a fraction fall back to decimal suffixes, as upstream's do.
 */
public final class CanonicalQuantity {
    private static final String[] BINARY = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    private static final String[] DECIMAL = {"n", "u", "m", "", "k", "M", "G", "T", "P", "E"};
    private static final BigInteger K = BigInteger.valueOf(1024);

    /** How a quantity was written: binary suffix, decimal suffix, or decimal exponent. */
    public enum Format { BINARY_SI, DECIMAL_SI, DECIMAL_EXPONENT }

    private CanonicalQuantity() {}

    /** The canonical text of {@code text}; a 400 StatusException when it does not parse. */
    public static String of(String text) {
        return format(Quantities.parse(text), formatOf(text));
    }

    public static Format formatOf(String text) {
        String t = text.strip();
        if (t.endsWith("i")) {
            return Format.BINARY_SI;
        }
        int e = Math.max(t.lastIndexOf('e'), t.lastIndexOf('E'));
        if (e > 0 && e < t.length() - 1) {
            return Format.DECIMAL_EXPONENT;
        }
        return Format.DECIMAL_SI;
    }

    public static String format(BigDecimal value, Format format) {
        if (value.signum() == 0) {
            return "0";
        }
        BigDecimal v = value.stripTrailingZeros();
        if (format == Format.BINARY_SI && v.scale() <= 0
                && v.abs().compareTo(BigDecimal.valueOf(1024)) >= 0) {
            BigInteger n = v.toBigIntegerExact();
            int i = 0;
            while (i < BINARY.length - 1 && n.mod(K).signum() == 0) {
                n = n.divide(K);
                i++;
            }
            return n + BINARY[i];
        }
        int exponent = -v.scale();
        BigInteger mantissa = v.unscaledValue();
        int down = Math.floorMod(exponent, 3);
        mantissa = mantissa.multiply(BigInteger.TEN.pow(down));
        exponent -= down;
        if (exponent < -9) {
            // upstream keeps nano precision, rounding up
            BigDecimal nanos = value.movePointRight(9).setScale(0, java.math.RoundingMode.UP);
            mantissa = nanos.toBigIntegerExact();
            exponent = -9;
        }
        if (format == Format.DECIMAL_EXPONENT) {
            return exponent == 0 ? mantissa.toString() : mantissa + "e" + exponent;
        }
        if (exponent > 18) {
            mantissa = mantissa.multiply(BigInteger.TEN.pow(exponent - 18));
            exponent = 18;
        }
        return mantissa + DECIMAL[exponent / 3 + 3];
    }
}
