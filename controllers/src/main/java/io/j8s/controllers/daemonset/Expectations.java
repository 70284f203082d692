package io.j8s.controllers.daemonset;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Creations and deletions a controller made and has not yet seen through its informer
 * (upstream's ControllerExpectations): until they are seen, or five minutes pass, the controller
 * does not act on a set again, so a lagging watch never makes it create a second pod.
 */
final class Expectations {
    private static final Duration TTL = Duration.ofMinutes(5);

    private static final class Pending {
        int creations;
        final Set<String> deletions = new HashSet<>();
        Instant since;
    }

    private final Map<String, Pending> pending = new HashMap<>();
    private final Clock clock;

    Expectations(Clock clock) {
        this.clock = clock;
    }

    synchronized void expect(String key, int creations, Set<String> deletions) {
        Pending p = new Pending();
        p.creations = creations;
        p.deletions.addAll(deletions);
        p.since = clock.instant();
        pending.put(key, p);
    }

    synchronized void creationObserved(String key) {
        pending.computeIfPresent(key, (k, p) -> {
            p.creations--;
            return p;
        });
    }

    synchronized void deletionObserved(String key, String pod) {
        pending.computeIfPresent(key, (k, p) -> {
            p.deletions.remove(pod);
            return p;
        });
    }

    /** No creation or deletion is pending (or what is has waited too long to be believed). */
    synchronized boolean satisfied(String key) {
        Pending p = pending.get(key);
        if (p == null) {
            return true;
        }
        return (p.creations <= 0 && p.deletions.isEmpty())
                || clock.instant().isAfter(p.since.plus(TTL));
    }

    synchronized void forget(String key) {
        pending.remove(key);
    }
}
