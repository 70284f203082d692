package io.j8s.api.cron;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed CronJob schedule: five fields (minute, hour, day of month, month, day of week) of
 * lists, ranges, steps and names, or a descriptor ({@code @hourly} ... {@code @yearly},
 * {@code @every 1h30m}). As robfig/cron: when both day fields are restricted a day matching
 * either runs; a {@code TZ=}/{@code CRON_TZ=} prefix parses (the API server refuses it
 * separately, as upstream). {@link #next} walks wall-clock time in the zone it is given, so a
 * time that a DST change skips does not run that day and an hour repeated runs twice.
 *
 * <pre>{@code
 * CronSchedule s = CronSchedule.parse("30 9-17 * * mon-fri");
 * ZonedDateTime next = s.next(ZonedDateTime.now(ZoneId.of("Europe/Paris")));
 * }</pre>
 */
public final class CronSchedule {
    private static final long STAR = 1L << 63;
    private static final Map<String, String> DESCRIPTORS = Map.of("@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");
    private static final int[][] BOUNDS = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 6}};
    private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("jan", 1),
            Map.entry("feb", 2), Map.entry("mar", 3), Map.entry("apr", 4), Map.entry("may", 5),
            Map.entry("jun", 6), Map.entry("jul", 7), Map.entry("aug", 8), Map.entry("sep", 9),
            Map.entry("oct", 10), Map.entry("nov", 11), Map.entry("dec", 12));
    private static final Map<String, Integer> DAYS = Map.of("sun", 0, "mon", 1, "tue", 2,
            "wed", 3, "thu", 4, "fri", 5, "sat", 6);

    /** Bits per field (minute, hour, dom, month, dow); {@code STAR} marks a "*" field. */
    private final long[] bits;
    private final Duration every;

    private CronSchedule(long[] bits, Duration every) {
        this.bits = bits;
        this.every = every;
    }

    /**
     * Parses a schedule.
     *
     * @throws IllegalArgumentException with the parser's message (upstream's wording)
     */
    public static CronSchedule parse(String schedule) {
        String s = schedule.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty spec string");
        }
        if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
            int space = s.indexOf(' ');
            s = space < 0 ? "" : s.substring(space).strip();
        }
        if (s.startsWith("@")) {
            if (DESCRIPTORS.containsKey(s)) {
                s = DESCRIPTORS.get(s);
            } else if (s.startsWith("@every ")) {
                return new CronSchedule(null, GoDuration.parse(s.substring(7).strip()));
            } else {
                throw new IllegalArgumentException("unrecognized descriptor: " + s);
            }
        }
        String[] fields = s.split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("expected exactly 5 fields, found "
                    + fields.length + ": " + Arrays.toString(fields).replace(",", ""));
        }
        long[] bits = new long[5];
        for (int i = 0; i < 5; i++) {
            Map<String, Integer> names = i == 3 ? MONTHS : i == 4 ? DAYS : Map.of();
            for (String part : fields[i].split(",", -1)) {
                bits[i] |= range(part, BOUNDS[i][0], BOUNDS[i][1], names);
            }
        }
        return new CronSchedule(bits, null);
    }

    /** Empty when {@code schedule} parses; otherwise the parser's error. */
    public static Optional<String> error(String schedule) {
        try {
            parse(schedule);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * The first start time strictly after {@code after}, in its zone, truncated to the minute;
     * empty if none within five years (e.g. {@code 0 0 30 2 *}).
     */
    public Optional<ZonedDateTime> next(ZonedDateTime after) {
        if (every != null) {
            return Optional.of(after.truncatedTo(ChronoUnit.SECONDS).plus(every));
        }
        ZonedDateTime t = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        int limit = t.getYear() + 5;
        wrap:
        while (t.getYear() <= limit) {
            while (!has(3, t.getMonthValue())) {
                t = t.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay(t.getZone());
                if (t.getMonthValue() == 1) {
                    continue wrap;
                }
            }
            while (!dayMatches(t)) {
                t = t.toLocalDate().plusDays(1).atStartOfDay(t.getZone());
                if (t.getDayOfMonth() == 1) {
                    continue wrap;
                }
            }
            while (!has(1, t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
                if (t.getHour() == 0) {
                    continue wrap;
                }
            }
            while (!has(0, t.getMinute())) {
                t = t.plusMinutes(1);
                if (t.getMinute() == 0) {
                    continue wrap;
                }
            }
            return Optional.of(t);
        }
        return Optional.empty();
    }

    private boolean has(int field, int value) {
        return (bits[field] & (1L << value)) != 0;
    }

    private boolean dayMatches(ZonedDateTime t) {
        boolean dom = has(2, t.getDayOfMonth());
        boolean dow = has(4, t.getDayOfWeek().getValue() % 7);
        if ((bits[2] & STAR) != 0 || (bits[4] & STAR) != 0) {
            return dom && dow;
        }
        return dom || dow;
    }

    private static long range(String expr, int min, int max, Map<String, Integer> names) {
        String[] stepParts = expr.split("/", -1);
        String[] bounds = stepParts[0].split("-", -1);
        boolean star = bounds[0].equals("*") || bounds[0].equals("?");
        int start;
        int end;
        long extra = 0;
        if (star) {
            start = min;
            end = max;
            extra = STAR;
        } else {
            start = value(bounds[0], names);
            if (bounds.length == 1) {
                end = start;
            } else if (bounds.length == 2) {
                end = value(bounds[1], names);
            } else {
                throw new IllegalArgumentException("too many hyphens: " + expr);
            }
        }
        int step = 1;
        if (stepParts.length > 2) {
            throw new IllegalArgumentException("too many slashes: " + expr);
        }
        if (stepParts.length == 2) {
            step = value(stepParts[1], Map.of());
            if (step <= 0) {
                throw new IllegalArgumentException(
                        "step of range should be a positive number: " + expr);
            }
            if (bounds.length == 1 && !star) {
                end = max;
            }
            if (step > 1) {
                extra = 0;
            }
        }
        if (start < min) {
            throw new IllegalArgumentException("beginning of range (" + start
                    + ") below minimum (" + min + "): " + expr);
        }
        if (end > max) {
            throw new IllegalArgumentException("end of range (" + end + ") above maximum ("
                    + max + "): " + expr);
        }
        if (start > end) {
            throw new IllegalArgumentException("beginning of range (" + start
                    + ") beyond end of range (" + end + "): " + expr);
        }
        long b = 0;
        for (int v = start; v <= end; v += step) {
            b |= 1L << v;
        }
        return b | extra;
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
