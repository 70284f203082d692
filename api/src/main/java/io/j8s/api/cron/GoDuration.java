package io.j8s.api.cron;

import java.time.Duration;

/** Go's time.ParseDuration for {@code @every}: {@code 1h30m}, {@code 90s}, {@code 1.5h}. */
final class GoDuration {
    private GoDuration() {}

    /** Whole seconds, at least one, as robfig rounds a shorter delay up. */
    static Duration parse(String text) {
        long nanos;
        try {
            nanos = io.j8s.api.codec.GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("failed to parse duration @every " + text
                    + ": time: invalid duration \"" + text + "\"");
        }
        Duration d = Duration.ofNanos(nanos);
        return d.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : Duration.ofSeconds(d.getSeconds());
    }
}
