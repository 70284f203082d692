package io.j8s.apiserver.admission;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A quantity printed as upstream's {@code Quantity.String()} prints a sum: binary suffixes
 * ({@code Ki}..{@code Ei}) for binary amounts that divide evenly, otherwise the largest decimal
 * suffix ({@code n}..{@code E}) that leaves a whole number.
 */
final class QuantityText {
    private static final String[] BINARY = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    private static final String[] DECIMAL = {"n", "u", "m", "", "k", "M", "G", "T", "P", "E"};

    private QuantityText() {}

    static String format(BigDecimal value, boolean binary) {
        if (value.signum() == 0) {
            return "0";
        }
        BigDecimal v = value.stripTrailingZeros();
        if (binary && v.scale() <= 0) {
            BigInteger n = v.toBigIntegerExact();
            BigInteger k = BigInteger.valueOf(1024);
            int i = 0;
            while (i < BINARY.length - 1 && n.mod(k).signum() == 0 && n.abs().compareTo(k) >= 0) {
                n = n.divide(k);
                i++;
            }
            return n + BINARY[i];
        }
        for (int i = DECIMAL.length - 1; i >= 0; i--) {
            int exponent = (i - 3) * 3;
            BigDecimal scaled = v.movePointLeft(exponent);
            if (scaled.stripTrailingZeros().scale() <= 0) {
                return scaled.toBigInteger() + DECIMAL[i];
            }
        }
        return v.toPlainString();
    }

    static boolean binary(String text) {
        return text.endsWith("i");
    }
}
