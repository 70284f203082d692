package io.j8s.kubelet.pods;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream's flowcontrol.Backoff: per key a delay that starts at {@code initial}, doubles on each
 * {@link #next} up to {@code max}, and starts over once an event comes more than twice {@code max}
 * after the last update (for crash loops: after ten minutes of running).
 */
final class BackOff {
    private record Entry(Duration backoff, Instant lastUpdate) {}

    private final Duration initial;
    private final Duration max;
    private final Clock clock;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    BackOff(Duration initial, Duration max, Clock clock) {
        this.initial = initial;
        this.max = max;
        this.clock = clock;
    }

    /** Records one more failure of {@code key} that happened at {@code eventTime}. */
    void next(String key, Instant eventTime) {
        entries.compute(key, (k, e) -> {
            Duration d = e == null || expired(eventTime, e.lastUpdate()) ? initial
                    : min(e.backoff().multipliedBy(2), max);
            return new Entry(d, clock.instant());
        });
    }

    /** Whether {@code key} is still backing off from a failure at {@code eventTime}. */
    boolean inBackOffSince(String key, Instant eventTime) {
        Entry e = entries.get(key);
        if (e == null || expired(eventTime, e.lastUpdate())) {
            return false;
        }
        return Duration.between(eventTime, clock.instant()).compareTo(e.backoff()) < 0;
    }

    /** Whether {@code key} is still backing off from its last {@link #next}. */
    boolean inBackOffSinceUpdate(String key) {
        Entry e = entries.get(key);
        if (e == null) {
            return false;
        }
        return Duration.between(e.lastUpdate(), clock.instant()).compareTo(e.backoff()) < 0;
    }

    /** The current delay of {@code key}, zero if it has none. */
    Duration get(String key) {
        Entry e = entries.get(key);
        return e == null ? Duration.ZERO : e.backoff();
    }

    /** When the back-off of {@code key} counted from {@code since} ends. */
    Instant endsAt(String key, Instant since) {
        return since.plus(get(key));
    }

    void forgetPrefix(String prefix) {
        entries.keySet().removeIf(k -> k.startsWith(prefix));
    }

    private boolean expired(Instant eventTime, Instant lastUpdate) {
        return Duration.between(lastUpdate, eventTime).compareTo(max.multipliedBy(2)) > 0;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    /** A duration as Go prints it: {@code 10s}, {@code 1m20s}, {@code 5m0s}. */
    static String goString(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + "m" + seconds % 60 + "s";
        }
        return minutes / 60 + "h" + minutes % 60 + "m" + seconds % 60 + "s";
    }
}
