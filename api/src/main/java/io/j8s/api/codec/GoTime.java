package io.j8s.api.codec;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The JSON text of metav1.Time (RFC 3339 in whole seconds, UTC) and metav1.MicroTime (six
 * fractional digits), and back. Go refuses years outside 0..9999 in JSON, and so do we.
 */
final class GoTime {
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final long MIN_SECOND = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long MAX_SECOND = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    private GoTime() {
    }

    /** {@code 2024-01-02T03:04:05Z}. */
    static String formatSeconds(long epochSecond) {
        return SECONDS.format(instant(epochSecond, 0));
    }

    /** {@code 2024-01-02T03:04:05.123456Z}: nanoseconds cut to microseconds, as Go formats them. */
    static String formatMicros(long epochSecond, long nanos) {
        return MICROS.format(instant(epochSecond, nanos));
    }

    /** An RFC 3339 time with any offset and any fraction. */
    static Instant parse(String text) {
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    private static Instant instant(long epochSecond, long nanos) {
        Instant t = Instant.ofEpochSecond(epochSecond, nanos);
        if (t.getEpochSecond() < MIN_SECOND || t.getEpochSecond() > MAX_SECOND) {
            throw new DateTimeException("time outside of the years 0..9999: " + epochSecond + "s");
        }
        return t;
    }
}
