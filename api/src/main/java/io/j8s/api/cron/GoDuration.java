package io.j8s.api.cron;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's time.ParseDuration for {@code @every}: {@code 1h30m}, {@code 90s}, {@code 1.5h}. */
final class GoDuration {
    private static final Pattern WHOLE = Pattern.compile("([0-9]*\\.?[0-9]+(ns|us|µs|ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("([0-9]*\\.?[0-9]+)(ns|us|µs|ms|s|m|h)");

    private GoDuration() {}

    /** At least one second, as robfig rounds a shorter delay up. */
    static Duration parse(String text) {
        if (!WHOLE.matcher(text).matches()) {
            throw new IllegalArgumentException("failed to parse duration @every " + text
                    + ": time: invalid duration \"" + text + "\"");
        }
        double nanos = 0;
        Matcher m = PART.matcher(text);
        while (m.find()) {
            double v = Double.parseDouble(m.group(1));
            nanos += v * switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
        }
        Duration d = Duration.ofNanos((long) nanos);
        return d.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : Duration.ofSeconds(d.getSeconds());
    }
}
