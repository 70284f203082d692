package io.j8s.apiserver.table;

import java.time.Duration;

/**
 * Durations the way {@code kubectl get} shows ages: about two significant figures, such as
 * {@code 45s}, {@code 3m20s}, {@code 95m}, {@code 5h12m}, {@code 3d4h}, {@code 400d},
 * {@code 2y30d}. Upstream's {@code duration.HumanDuration}; a clock up to two seconds behind the
 * object's timestamp still reads {@code 0s}.
 */
final class HumanDuration {
    private HumanDuration() {}

    private static final long MINUTE = 60;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    static String format(Duration d) {
        long seconds = truncatedSeconds(d);
        if (seconds < -1) {
            return "<invalid>";
        }
        if (seconds < 0) {
            return "0s";
        }
        if (seconds < 2 * MINUTE) {
            return seconds + "s";
        }
        long minutes = seconds / MINUTE;
        if (minutes < 10) {
            return withRest(minutes, "m", seconds % MINUTE, "s");
        }
        if (minutes < 3 * 60) {
            return minutes + "m";
        }
        long hours = seconds / HOUR;
        if (hours < 8) {
            return withRest(hours, "h", minutes % 60, "m");
        }
        if (hours < 48) {
            return hours + "h";
        }
        long days = seconds / DAY;
        if (hours < 24 * 8) {
            return withRest(days, "d", hours % 24, "h");
        }
        if (hours < 24 * 365 * 2) {
            return days + "d";
        }
        long years = days / 365;
        if (hours < 24 * 365 * 8) {
            return withRest(years, "y", days % 365, "d");
        }
        return years + "y";
    }

    private static String withRest(long whole, String unit, long rest, String restUnit) {
        return rest == 0 ? whole + unit : whole + unit + rest + restUnit;
    }

    /** Whole seconds, truncated towards zero as Go's {@code int(d.Seconds())} does. */
    private static long truncatedSeconds(Duration d) {
        long s = d.getSeconds();
        return s < 0 && d.getNano() > 0 ? s + 1 : s;
    }
}
