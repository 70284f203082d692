package io.j8s.api.cron;

import java.time.ZoneId;
import java.util.Optional;

/** CronJob's {@code spec.timeZone}: an IANA zone name, as Go's time.LoadLocation reads them. */
public final class TimeZones {
    private TimeZones() {}

    /** Empty when {@code name} is a usable time zone; otherwise upstream's message. */
    public static Optional<String> error(String name) {
        if (name.isEmpty()) {
            return Optional.of("timeZone must be nil or non-empty string");
        }
        if (name.equalsIgnoreCase("Local")) {
            return Optional.of("timeZone must be an explicit time zone as defined in"
                    + " https://www.iana.org/time-zones");
        }
        if (!name.equals("UTC") && !ZoneId.getAvailableZoneIds().contains(name)) {
            return Optional.of("unknown time zone " + name);
        }
        return Optional.empty();
    }

    /**
     * The zone of that name.
     *
     * @throws IllegalArgumentException with upstream's message if it is not one
     */
    public static ZoneId of(String name) {
        error(name).ifPresent(e -> {
            throw new IllegalArgumentException(e);
        });
        return ZoneId.of(name);
    }
}
