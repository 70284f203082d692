package io.j8s.apiserver.table;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Timestamps as table cells: how long ago, or between two of them. */
public final class Age {
    private Age() {}

    static final String UNKNOWN = "<unknown>";

    /** How long before {@code now} the RFC 3339 {@code timestamp} was; unknown when unset. */
    public static String since(String timestamp, Instant now) {
        Instant t = parse(timestamp);
        return t == null ? UNKNOWN : HumanDuration.format(Duration.between(t, now));
    }

    /** The time from {@code start} to {@code end}, both set. */
    static String between(Instant start, Instant end) {
        return HumanDuration.format(Duration.between(start, end));
    }

    /** An RFC 3339 timestamp (with or without fractional seconds), or null when unset. */
    static Instant parse(String timestamp) {
        if (timestamp == null || timestamp.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The later of two instants, either possibly null. */
    static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || !b.isAfter(a) ? a : b;
    }
}
