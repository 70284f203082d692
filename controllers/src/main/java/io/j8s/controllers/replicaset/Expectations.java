package io.j8s.controllers.replicaset;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream's ControllerExpectations (with UID tracking of deletions): how many pod creations and
 * which pod deletions an owner still waits to see in the informer. An owner whose expectations are
 * not met is not synced again, so watch lag never makes it create or delete twice; expectations
 * older than five minutes are treated as met, so a lost event never blocks an owner for good.
 */
final class Expectations {
    static final Duration TTL = Duration.ofMinutes(5);

    private static final class Expected {
        int adds;
        final Set<String> deletes = new HashSet<>();
        Instant since;
    }

    private final Clock clock;
    private final Map<String, Expected> byOwner = new ConcurrentHashMap<>();

    Expectations(Clock clock) {
        this.clock = clock;
    }

    /** Whether the owner may be synced: nothing pending, nothing recorded, or expired. */
    boolean satisfied(String owner) {
        Expected e = byOwner.get(owner);
        if (e == null) {
            return true;
        }
        synchronized (e) {
            return e.adds <= 0 && e.deletes.isEmpty()
                    || Duration.between(e.since, clock.instant()).compareTo(TTL) > 0;
        }
    }

    void expectCreations(String owner, int adds) {
        Expected e = fresh(owner);
        synchronized (e) {
            e.adds = adds;
        }
    }

    void expectDeletions(String owner, Set<String> podKeys) {
        Expected e = fresh(owner);
        synchronized (e) {
            e.deletes.addAll(podKeys);
        }
    }

    private Expected fresh(String owner) {
        Expected e = new Expected();
        e.since = clock.instant();
        byOwner.put(owner, e);
        return e;
    }

    /** A pod of the owner was seen created (or a creation will never happen). */
    void creationObserved(String owner) {
        Expected e = byOwner.get(owner);
        if (e != null) {
            synchronized (e) {
                e.adds--;
            }
        }
    }

    /** A pod the owner deleted was seen gone (or its deletion failed). */
    void deletionObserved(String owner, String podKey) {
        Expected e = byOwner.get(owner);
        if (e != null) {
            synchronized (e) {
                e.deletes.remove(podKey);
            }
        }
    }

    /** Forgets a deleted owner. */
    void forget(String owner) {
        byOwner.remove(owner);
    }

    /** Creations still awaited (for tests and logs). */
    int pendingCreations(String owner) {
        Expected e = byOwner.get(owner);
        if (e == null) {
            return 0;
        }
        synchronized (e) {
            return Math.max(0, e.adds);
        }
    }
}
