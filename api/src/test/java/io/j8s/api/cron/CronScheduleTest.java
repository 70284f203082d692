package io.j8s.api.cron;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronScheduleTest {
    private static final ZoneId UTC = ZoneId.of("UTC");

    @ParameterizedTest(name = "{0} after {1} is {2}")
    @CsvSource(delimiter = '|', value = {
        "* * * * *         | 2026-01-01T10:00:00Z | 2026-01-01T10:01Z",
        "* * * * *         | 2026-01-01T10:00:30Z | 2026-01-01T10:01Z",
        "*/15 * * * *      | 2026-01-01T10:14:00Z | 2026-01-01T10:15Z",
        "5-10/5 * * * *    | 2026-01-01T10:06:00Z | 2026-01-01T10:10Z",
        "0 9 * * mon-fri   | 2026-01-02T09:00:00Z | 2026-01-05T09:00Z",
        "0 0 1,15 * *      | 2026-01-02T00:00:00Z | 2026-01-15T00:00Z",
        "0 0 * feb *       | 2026-03-01T00:00:00Z | 2027-02-01T00:00Z",
        "0 0 13 * fri      | 2026-01-01T00:00:00Z | 2026-01-02T00:00Z",
        "0 0 29 2 *        | 2026-01-01T00:00:00Z | 2028-02-29T00:00Z",
        "@hourly           | 2026-01-01T10:59:59Z | 2026-01-01T11:00Z",
        "@daily            | 2026-01-01T10:00:00Z | 2026-01-02T00:00Z",
        "@midnight         | 2026-01-01T10:00:00Z | 2026-01-02T00:00Z",
        "@weekly           | 2026-01-01T10:00:00Z | 2026-01-04T00:00Z",
        "@monthly          | 2026-01-01T10:00:00Z | 2026-02-01T00:00Z",
        "@yearly           | 2026-01-01T10:00:00Z | 2027-01-01T00:00Z",
        "@annually         | 2026-01-01T10:00:00Z | 2027-01-01T00:00Z",
        "@every 90m        | 2026-01-01T10:00:00Z | 2026-01-01T11:30Z",
        "0 12 ? JAN,Jul SUN| 2026-01-05T00:00:00Z | 2026-01-11T12:00Z",
    })
    void nextRunInUtc(String schedule, String after, String next) {
        assertThat(CronSchedule.parse(schedule).next(ZonedDateTime.parse(after)
                .withZoneSameInstant(UTC))).get().isEqualTo(ZonedDateTime.parse(next)
                .withZoneSameInstant(UTC));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "''              | empty spec string",
        "* * * *         | expected exactly 5 fields, found 4: [* * * *]",
        "60 * * * *      | end of range (60) above maximum (59): 60",
        "* * 0 * *       | beginning of range (0) below minimum (1): 0",
        "* * * * 7       | end of range (7) above maximum (6): 7",
        "5-1 * * * *     | beginning of range (5) beyond end of range (1): 5-1",
        "*/0 * * * *     | step of range should be a positive number: */0",
        "1-2-3 * * * *   | too many hyphens: 1-2-3",
        "x * * * *       | 'failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax'",
        "@fortnightly    | unrecognized descriptor: @fortnightly",
    })
    void badSchedulesSayWhy(String schedule, String message) {
        assertThat(CronSchedule.error(schedule)).contains(message);
    }

    @ParameterizedTest(name = "{0} after {1} in New York is {2}")
    @CsvSource(delimiter = '|', value = {
        // 2026-03-08 02:00 EST becomes 03:00 EDT: 02:30 does not exist that day
        "30 2 * * *  | 2026-03-07T03:00-05:00 | 2026-03-09T02:30-04:00",
        // hourly across the gap: 01:00 EST then 03:00 EDT, one hour apart
        "0 * * * *   | 2026-03-08T01:00-05:00 | 2026-03-08T03:00-04:00",
        // 2026-11-01 02:00 EDT becomes 01:00 EST: 01:30 comes twice
        "30 1 * * *  | 2026-11-01T01:30-04:00 | 2026-11-01T01:30-05:00",
        "0 9 * * *   | 2026-03-08T00:00-05:00 | 2026-03-08T09:00-04:00",
    })
    void nextRunFollowsWallClockAcrossDaylightSaving(String schedule, String after,
            String next) {
        ZoneId ny = ZoneId.of("America/New_York");
        assertThat(CronSchedule.parse(schedule).next(ZonedDateTime.parse(after)
                .withZoneSameInstant(ny)).orElseThrow().toOffsetDateTime())
                .isEqualTo(ZonedDateTime.parse(next).toOffsetDateTime());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Mars/Olympus | unknown time zone Mars/Olympus",
        "Local        | timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones",
    })
    void unknownTimeZones(String zone, String message) {
        assertThat(TimeZones.error(zone)).contains(message);
        assertThat(TimeZones.error("Europe/Berlin")).isEmpty();
    }
}
