package io.j8s.api.validation;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * A metadata timestamp compared and printed as upstream's {@code metav1.Time}: equal when the
 * instants are equal, printed as Go's {@code time.Time.String()} in UTC
 * ({@code 2024-01-02 03:04:05 +0000 UTC}); absent is Go's zero time. A value that is not RFC 3339
 * compares and prints as the raw text.
 */
record GoTime(Instant instant, String raw) {
    private static final Instant ZERO = Instant.parse("0001-01-01T00:00:00Z");
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    static GoTime of(String text) {
        if (text == null || text.isEmpty()) {
            return new GoTime(ZERO, null);
        }
        try {
            return new GoTime(OffsetDateTime.parse(text).toInstant(), null);
        } catch (DateTimeParseException e) {
            return new GoTime(null, text);
        }
    }

    /** What a field error shows for it. */
    Object goValue() {
        if (raw != null) {
            return raw;
        }
        OffsetDateTime t = instant.atOffset(ZoneOffset.UTC);
        StringBuilder b = new StringBuilder(SECONDS.format(t));
        if (t.getNano() != 0) {
            String nanos = String.format("%09d", t.getNano()).replaceAll("0+$", "");
            b.append('.').append(nanos);
        }
        return new Causes.GoValue(b.append(" +0000 UTC").toString());
    }
}
