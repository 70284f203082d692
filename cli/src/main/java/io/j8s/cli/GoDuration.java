package io.j8s.cli;

import java.time.Duration;
import picocli.CommandLine;

/**
 * Durations written as upstream's flags take them (Go's {@code time.ParseDuration}): a sequence
 * of decimal numbers with a unit each, such as {@code 5m}, {@code 1h30m}, {@code 1.5s} or
 * {@code 300ms}; a bare {@code 0} is zero. Negative durations are refused: no flag here wants one.
 */
final class GoDuration implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    static Duration parse(String value) {
        String s = value.trim();
        if (s.startsWith("-")) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration:"
                    + " use a non-negative number with a unit, like 5m, 30s, 1h30m or 0");
        }
        try {
            return Duration.ofNanos(io.j8s.api.codec.GoDuration.parse(s));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration"
                    + (e.getMessage().endsWith("out of range") ? ": too long"
                            : ": use a number with a unit (ns, us, ms, s, m, h), like 5m, 30s, 1h30m or 0"));
        }
    }
}
