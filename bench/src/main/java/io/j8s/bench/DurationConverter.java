package io.j8s.bench;

import java.time.Duration;
import picocli.CommandLine;

/** Reads a duration option the way kubectl does: {@code 500ms}, {@code 1.5s}, {@code 2m}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        String s = value.trim();
        String number;
        double nanosPerUnit;
        if (s.endsWith("ms")) {
            number = s.substring(0, s.length() - 2);
            nanosPerUnit = 1e6;
        } else if (s.endsWith("s")) {
            number = s.substring(0, s.length() - 1);
            nanosPerUnit = 1e9;
        } else if (s.endsWith("m")) {
            number = s.substring(0, s.length() - 1);
            nanosPerUnit = 60e9;
        } else {
            throw new CommandLine.TypeConversionException("'" + value
                    + "' is not a duration: write it like 500ms, 10s or 2m");
        }
        double amount;
        try {
            amount = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value
                    + "' is not a duration: write it like 500ms, 10s or 2m");
        }
        if (!(amount > 0) || Double.isInfinite(amount)) {
            throw new CommandLine.TypeConversionException("a duration must be positive, not '"
                    + value + "'");
        }
        return Duration.ofNanos(Math.round(amount * nanosPerUnit));
    }
}
