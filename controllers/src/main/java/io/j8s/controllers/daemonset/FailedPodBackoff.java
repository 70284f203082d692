package io.j8s.controllers.daemonset;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * How long a DaemonSet waits before it deletes another failed pod on the same node (upstream's
 * failedPodsBackoff: 1 s, doubling up to 15 min), so a kubelet that keeps rejecting the pod and
 * the controller that keeps replacing it do not fight in a hot loop.
 */
final class FailedPodBackoff {
    static final Duration INITIAL = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofMinutes(15);

    private record Entry(Duration delay, Instant since) {}

    private final Map<String, Entry> entries = new HashMap<>();
    private final Clock clock;

    FailedPodBackoff(Clock clock) {
        this.clock = clock;
    }

    /** How long {@code key} (set and node) must still wait, or null if it may act now. */
    synchronized Duration remaining(String key) {
        Entry e = entries.get(key);
        if (e == null) {
            return null;
        }
        Duration left = Duration.between(clock.instant(), e.since.plus(e.delay));
        if (left.isNegative() || left.isZero()) {
            if (clock.instant().isAfter(e.since.plus(MAX.multipliedBy(2)))) {
                entries.remove(key); // quiet for long enough: start again from 1 s
            }
            return null;
        }
        return left;
    }

    /** Records a deletion now: the next one waits twice as long as the last. */
    synchronized void next(String key) {
        Entry e = entries.get(key);
        Duration delay = e == null ? INITIAL : e.delay.multipliedBy(2);
        entries.put(key, new Entry(delay.compareTo(MAX) > 0 ? MAX : delay, clock.instant()));
    }
}
