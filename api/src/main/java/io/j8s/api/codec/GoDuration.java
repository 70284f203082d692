package io.j8s.api.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * Go's {@code time.Duration} text, the JSON of metav1.Duration: {@code Duration.String()}
 * ({@code 1h0m0s}, {@code 1.5s}, {@code 300ms}, {@code 0s}) and {@code time.ParseDuration}.
 */
public final class GoDuration {
    private static final long MICROSECOND = 1_000L;
    private static final long MILLISECOND = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final Map<String, Long> UNITS = Map.of(
            "ns", 1L, "us", MICROSECOND, "\u00b5s", MICROSECOND, "\u03bcs", MICROSECOND,
            "ms", MILLISECOND, "s", SECOND, "m", 60 * SECOND, "h", 3600 * SECOND);

    private GoDuration() {
    }

    static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        boolean negative = nanos < 0;
        long u = negative ? -nanos : nanos; // Long.MIN_VALUE stays negative: read unsigned below
        StringBuilder out = new StringBuilder();
        if (Long.compareUnsigned(u, SECOND) < 0) {
            if (u < MICROSECOND) {
                out.append(u).append("ns");
            } else if (u < MILLISECOND) {
                out.append(fraction(u, 3)).append("\u00b5s");
            } else {
                out.append(fraction(u, 6)).append("ms");
            }
        } else {
            String seconds = fraction(Long.remainderUnsigned(u, 60 * SECOND), 9);
            long minutes = Long.divideUnsigned(u, 60 * SECOND);
            if (minutes > 0) {
                out.append(minutes / 60 > 0 ? (minutes / 60) + "h" : "").append(minutes % 60).append('m');
            }
            out.append(seconds).append('s');
        }
        return (negative ? "-" : "") + out;
    }

    /** {@code value / 10^digits} with the fraction's trailing zeros (and a bare point) dropped. */
    private static String fraction(long value, int digits) {
        BigDecimal d = new BigDecimal(new BigInteger(Long.toUnsignedString(value)), digits);
        return d.stripTrailingZeros().toPlainString();
    }

    /**
     * Go's {@code time.ParseDuration}, in nanoseconds: {@code [-+]?([0-9]*(\.[0-9]*)?unit)+}, or
     * {@code 0}.
     *
     * @throws IllegalArgumentException {@code invalid duration "TEXT"} (and why, when out of range)
     */
    public static long parse(String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("invalid duration \"" + text + "\"");
        }
        BigDecimal total = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String number = s.substring(start, i);
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            Long unit = UNITS.get(s.substring(unitStart, i));
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')
                    || unit == null) {
                throw new IllegalArgumentException("invalid duration \"" + text + "\"");
            }
            total = total.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)));
        }
        BigInteger nanos = total.toBigInteger();
        BigInteger limit = negative ? BigInteger.valueOf(Long.MIN_VALUE).negate() : BigInteger.valueOf(Long.MAX_VALUE);
        if (nanos.compareTo(limit) > 0) {
            throw new IllegalArgumentException("invalid duration \"" + text + "\": out of range");
        }
        return negative ? nanos.negate().longValue() : nanos.longValue();
    }
}
