package io.j8s.api.validation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Upstream's {@code resource.ParseQuantity}, step for step, down to its corner cases: a bare
 * suffix such as {@code Ki} or {@code m} is zero through the int64 fast path, exponents wrap as
 * int32, values round away from zero to nanos, and binary-suffixed values cap at the int64 range.
 * Each failure throws with one of upstream's three messages.
 */
final class QuantityParser {
    private static final BigDecimal NANO = BigDecimal.valueOf(1, 9);
    private static final BigDecimal MAX_INT64 = BigDecimal.valueOf(Long.MAX_VALUE);

    private enum Format { DECIMAL_SI, BINARY_SI, DECIMAL_EXPONENT }

    private record Suffix(int base, int exponent, Format format) {}

    static final class Failure extends Exception {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private QuantityParser() {}

    static BigDecimal parse(String str) throws Failure {
        if (str.isEmpty()) {
            throw new Failure(Quantities.FORMAT_ERROR);
        }
        if (str.equals("0")) {
            return BigDecimal.ZERO;
        }
        boolean positive = str.charAt(0) != '-';
        int end = str.length();
        int pos = str.charAt(0) == '-' || str.charAt(0) == '+' ? 1 : 0;
        while (pos < end && str.charAt(pos) == '0') {
            pos++;
        }
        String value;
        String num;
        String denom = "";
        String suffix = "";
        if (pos >= end) {
            num = "0";
            value = num;
        } else {
            int i = skipDigits(str, pos);
            num = str.substring(pos, i);
            pos = i;
            if (pos < end && str.charAt(pos) == '.') {
                i = skipDigits(str, ++pos);
                denom = str.substring(pos, i);
                pos = i;
            }
            value = str.substring(0, pos);
            if (num.isEmpty()) {
                num = "0";
            }
            int suffixStart = pos;
            while (pos < end && "eEinumkKMGTP".indexOf(str.charAt(pos)) >= 0) {
                pos++;
            }
            if (pos < end && (str.charAt(pos) == '-' || str.charAt(pos) == '+')) {
                pos++;
            }
            if (skipDigits(str, pos) < end) {
                throw new Failure(Quantities.FORMAT_ERROR);
            }
            suffix = str.substring(suffixStart);
        }
        Suffix s = interpret(suffix);
        BigDecimal fast = fastPath(positive, num, denom, s);
        return fast != null ? fast : slowPath(value, s);
    }

    /** The int64 path; null when the value does not fit it. Exact when it applies. */
    private static BigDecimal fastPath(boolean positive, String num, String denom, Suffix s) {
        long mantissa = 1;
        int precision;
        int scale = 0;
        if (s.format() == Format.BINARY_SI) {
            if (s.exponent() >= 0 && denom.isEmpty()) {
                mantissa = 1L << s.exponent();
                precision = 15 - num.length() - (int) ((float) s.exponent() * 3 / 10) - 1;
            } else {
                precision = -1;
            }
        } else {
            scale = s.exponent();
            precision = 18 - (num.length() + denom.length());
        }
        if (precision < 0) {
            return null;
        }
        scale -= denom.length(); // wraps like upstream's int32
        if (scale < -9) {
            return null;
        }
        long shifted = Long.parseLong(num + denom); // at most 18 digits here
        long result;
        try {
            result = Math.multiplyExact(shifted, mantissa);
        } catch (ArithmeticException overflow) {
            return null;
        }
        return BigDecimal.valueOf(positive ? result : -result, -scale);
    }

    private static BigDecimal slowPath(String value, Suffix s) throws Failure {
        BigDecimal amount;
        try {
            amount = new BigDecimal(value); // [+-]?digits[.digits], at least one digit
        } catch (NumberFormatException e) {
            throw new Failure(Quantities.NUMERIC_ERROR);
        }
        if (s.base() == 10) {
            amount = new BigDecimal(amount.unscaledValue(), amount.scale() - s.exponent());
        } else {
            amount = amount.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(s.exponent())));
        }
        int sign = amount.signum();
        amount = amount.abs();
        if (sign != 0 && amount.scale() > 9) {
            if ((long) amount.precision() - amount.scale() <= -9) {
                amount = NANO; // below one nano: rounds up to it
            } else {
                amount = amount.setScale(9, RoundingMode.UP);
            }
        }
        if (s.format() == Format.BINARY_SI && amount.compareTo(MAX_INT64) > 0) {
            amount = MAX_INT64;
        }
        return sign < 0 ? amount.negate() : amount;
    }

    private static Suffix interpret(String suffix) throws Failure {
        switch (suffix) {
            case "": return new Suffix(10, 0, Format.DECIMAL_SI);
            case "n": return new Suffix(10, -9, Format.DECIMAL_SI);
            case "u": return new Suffix(10, -6, Format.DECIMAL_SI);
            case "m": return new Suffix(10, -3, Format.DECIMAL_SI);
            case "k": return new Suffix(10, 3, Format.DECIMAL_SI);
            case "M": return new Suffix(10, 6, Format.DECIMAL_SI);
            case "G": return new Suffix(10, 9, Format.DECIMAL_SI);
            case "T": return new Suffix(10, 12, Format.DECIMAL_SI);
            case "P": return new Suffix(10, 15, Format.DECIMAL_SI);
            case "E": return new Suffix(10, 18, Format.DECIMAL_SI);
            case "Ki": return new Suffix(2, 10, Format.BINARY_SI);
            case "Mi": return new Suffix(2, 20, Format.BINARY_SI);
            case "Gi": return new Suffix(2, 30, Format.BINARY_SI);
            case "Ti": return new Suffix(2, 40, Format.BINARY_SI);
            case "Pi": return new Suffix(2, 50, Format.BINARY_SI);
            case "Ei": return new Suffix(2, 60, Format.BINARY_SI);
            default: break;
        }
        if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')) {
            Long exponent = parseInt64(suffix.substring(1));
            if (exponent != null) {
                return new Suffix(10, (int) (long) exponent, Format.DECIMAL_EXPONENT);
            }
        }
        throw new Failure(Quantities.SUFFIX_ERROR);
    }

    /** Go's {@code strconv.ParseInt(s, 10, 64)}: optional sign, ASCII digits, no overflow. */
    private static Long parseInt64(String s) {
        int start = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
        if (start == s.length() || skipDigits(s, start) != s.length()) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException overflow) {
            return null;
        }
    }

    private static int skipDigits(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
    }
}
