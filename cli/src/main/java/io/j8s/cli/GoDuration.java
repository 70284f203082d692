package io.j8s.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Durations written as upstream's flags take them (Go's {@code time.ParseDuration}): a sequence
 * of decimal numbers with a unit each, such as {@code 5m}, {@code 1h30m}, {@code 1.5s} or
 * {@code 300ms}; a bare {@code 0} is zero. Negative durations are refused: no flag here wants one.
 */
final class GoDuration implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile(
            "(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
    private static final Map<String, Long> NANOS = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L,
            "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    static Duration parse(String value) {
        String s = value.trim();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty() || s.startsWith("-")) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration:"
                    + " use a non-negative number with a unit, like 5m, 30s, 1h30m or 0");
        }
        Matcher m = PART.matcher(s.startsWith("+") ? s.substring(1) : s);
        BigDecimal nanos = BigDecimal.ZERO;
        int end = 0;
        while (m.lookingAt()) {
            nanos = nanos.add(new BigDecimal(m.group(1).endsWith(".") ? m.group(1) + "0"
                    : m.group(1)).multiply(BigDecimal.valueOf(NANOS.get(m.group(2)))));
            end = m.end();
            m.region(end, m.regionEnd());
        }
        if (end == 0 || end != m.regionEnd()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration:"
                    + " use a number with a unit (ns, us, ms, s, m, h), like 5m, 30s, 1h30m or 0");
        }
        try {
            return Duration.ofNanos(nanos.longValueExact());
        } catch (ArithmeticException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is too long a duration");
        }
    }
}
