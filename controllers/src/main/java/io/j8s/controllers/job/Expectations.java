package io.j8s.controllers.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream's ControllerExpectations: how many pod creations and deletions of a Job the
 * controller has asked for and the informer has not shown yet. While some are outstanding (for
 * at most five minutes) the Job's pods are not managed again, so a lagging watch never makes the
 * controller create a pod twice.
 */
final class Expectations {
    static final Duration TTL = Duration.ofMinutes(5);

    private record Pending(int adds, int deletes, Instant since) {}

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Clock clock;

    Expectations(Clock clock) {
        this.clock = clock;
    }

    void expect(String key, int adds, int deletes) {
        pending.put(key, new Pending(adds, deletes, clock.instant()));
    }

    void created(String key) {
        pending.computeIfPresent(key, (k, p) -> new Pending(p.adds() - 1, p.deletes(), p.since()));
    }

    void deleted(String key) {
        pending.computeIfPresent(key, (k, p) -> new Pending(p.adds(), p.deletes() - 1, p.since()));
    }

    boolean satisfied(String key) {
        Pending p = pending.get(key);
        return p == null || (p.adds() <= 0 && p.deletes() <= 0)
                || Duration.between(p.since(), clock.instant()).compareTo(TTL) > 0;
    }

    void forget(String key) {
        pending.remove(key);
    }
}
