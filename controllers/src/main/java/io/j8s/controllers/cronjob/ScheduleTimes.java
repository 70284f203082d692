package io.j8s.controllers.cronjob;

import io.j8s.api.cron.CronSchedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * Which start time of a schedule is due (upstream's mostRecentScheduleTime): the latest one in
 * {@code (earliest, now]} and how many were missed since {@code earliest}.
 */
record ScheduleTimes(Instant mostRecent, long missed) {
    private static final int EXACT_STEPS = 1000;

    static ScheduleTimes of(CronSchedule schedule, ZoneId zone, Instant earliest, Instant now) {
        Optional<ZonedDateTime> first = schedule.next(earliest.atZone(zone));
        if (first.isEmpty() || first.get().toInstant().isAfter(now)) {
            return new ScheduleTimes(null, 0);
        }
        ZonedDateTime t = first.get();
        long missed = 1;
        for (int step = 0; ; step++) {
            Optional<ZonedDateTime> next = schedule.next(t);
            if (next.isEmpty() || next.get().toInstant().isAfter(now)) {
                return new ScheduleTimes(t.toInstant(), missed);
            }
            if (step == EXACT_STEPS) {
                // far behind (a controller down for long): estimate the count from the interval,
                // as upstream does, and walk on from near now
                Duration interval = Duration.between(t, next.get());
                Instant jumpTo = now.minus(interval.multipliedBy(2));
                Optional<ZonedDateTime> landed = jumpTo.isAfter(next.get().toInstant())
                        ? schedule.next(jumpTo.atZone(zone)) : Optional.empty();
                if (landed.isPresent() && !landed.get().toInstant().isAfter(now)) {
                    missed += Duration.between(t, landed.get()).toSeconds()
                            / Math.max(1, interval.toSeconds());
                    t = landed.get();
                    continue;
                }
            }
            t = next.get();
            missed++;
        }
    }

    /** The first start time after {@code now}, or empty. */
    static Optional<Instant> next(CronSchedule schedule, ZoneId zone, Instant now) {
        return schedule.next(now.atZone(zone)).map(ZonedDateTime::toInstant);
    }
}
