package io.j8s.apiserver.workloads;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The standard cron syntax upstream's CronJob accepts (robfig/cron's ParseStandard): five fields
 * (minute, hour, day of month, month, day of week) of lists, ranges, steps and names, or a
 * descriptor such as {@code @hourly}. {@link #error} gives the parser's message for bad input.
 */
public final class CronSchedule {
    private static final List<String> DESCRIPTORS = List.of("@yearly", "@annually", "@monthly",
            "@weekly", "@daily", "@midnight", "@hourly");
    private static final int[][] BOUNDS = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 6}};
    private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("jan", 1),
            Map.entry("feb", 2), Map.entry("mar", 3), Map.entry("apr", 4), Map.entry("may", 5),
            Map.entry("jun", 6), Map.entry("jul", 7), Map.entry("aug", 8), Map.entry("sep", 9),
            Map.entry("oct", 10), Map.entry("nov", 11), Map.entry("dec", 12));
    private static final Map<String, Integer> DAYS = Map.of("sun", 0, "mon", 1, "tue", 2,
            "wed", 3, "thu", 4, "fri", 5, "sat", 6);

    private CronSchedule() {}

    /** Empty when {@code schedule} parses; otherwise the parser's error. */
    public static Optional<String> error(String schedule) {
        String s = schedule.strip();
        if (s.isEmpty()) {
            return Optional.of("empty spec string");
        }
        if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
            int space = s.indexOf(' ');
            s = space < 0 ? "" : s.substring(space).strip();
        }
        if (s.startsWith("@")) {
            if (DESCRIPTORS.contains(s)) {
                return Optional.empty();
            }
            if (s.startsWith("@every ")) {
                return s.substring(7).strip().matches("([0-9.]+(ns|us|µs|ms|s|m|h))+")
                        ? Optional.empty()
                        : Optional.of("failed to parse duration " + s + ": time: invalid"
                                + " duration \"" + s.substring(7).strip() + "\"");
            }
            return Optional.of("unrecognized descriptor: " + s);
        }
        String[] fields = s.split("\\s+");
        if (fields.length != 5) {
            return Optional.of("expected exactly 5 fields, found " + fields.length + ": "
                    + Arrays.toString(fields).replace(",", ""));
        }
        for (int i = 0; i < 5; i++) {
            Map<String, Integer> names = i == 3 ? MONTHS : i == 4 ? DAYS : Map.of();
            for (String part : fields[i].split(",", -1)) {
                Optional<String> e = range(part, BOUNDS[i][0], BOUNDS[i][1], names);
                if (e.isPresent()) {
                    return e;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> range(String expr, int min, int max,
            Map<String, Integer> names) {
        String[] stepParts = expr.split("/", -1);
        String[] bounds = stepParts[0].split("-", -1);
        int start;
        int end;
        if (bounds[0].equals("*") || bounds[0].equals("?")) {
            start = min;
            end = max;
        } else {
            try {
                start = value(bounds[0], names);
                if (bounds.length == 1) {
                    end = start;
                } else if (bounds.length == 2) {
                    end = value(bounds[1], names);
                } else {
                    return Optional.of("too many hyphens: " + expr);
                }
            } catch (IllegalArgumentException e) {
                return Optional.of(e.getMessage());
            }
        }
        if (stepParts.length > 2) {
            return Optional.of("too many slashes: " + expr);
        }
        if (stepParts.length == 2) {
            int step;
            try {
                step = value(stepParts[1], Map.of());
            } catch (IllegalArgumentException e) {
                return Optional.of(e.getMessage());
            }
            if (step <= 0) {
                return Optional.of("step of range should be a positive number: " + expr);
            }
            if (bounds.length == 1 && !bounds[0].equals("*") && !bounds[0].equals("?")) {
                end = max;
            }
        }
        if (start < min) {
            return Optional.of("beginning of range (" + start + ") below minimum (" + min + "): "
                    + expr);
        }
        if (end > max) {
            return Optional.of("end of range (" + end + ") above maximum (" + max + "): " + expr);
        }
        if (start > end) {
            return Optional.of("beginning of range (" + start + ") beyond end of range (" + end
                    + "): " + expr);
        }
        return Optional.empty();
    }

    private static int value(String text, Map<String, Integer> names) {
        Integer named = names.get(text.toLowerCase(Locale.ROOT));
        if (named != null) {
            return named;
        }
        try {
            int v = Integer.parseInt(text);
            if (v < 0) {
                throw new IllegalArgumentException("negative number (" + v + ") not allowed: "
                        + text);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("failed to parse int from " + text
                    + ": strconv.Atoi: parsing \"" + text + "\": invalid syntax");
        }
    }
}
