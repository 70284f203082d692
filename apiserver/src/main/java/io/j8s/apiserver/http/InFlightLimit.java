package io.j8s.apiserver.http;

import io.j8s.apiserver.authn.UserInfo;
import io.j8s.apiserver.endpoints.RequestInfo;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Upstream's {@code --max-requests-inflight} and {@code --max-mutating-requests-inflight}: at
 * most so many read-only (get, list) and so many mutating requests at once; beyond that a request
 * is refused with 429 at once, never queued. Long-running requests (watches, log, exec, attach,
 * portforward, proxy) are not counted, and {@code system:masters} is never refused, as upstream.
 * A limit of zero means no limit.
 */
final class InFlightLimit {
    private static final Runnable NOTHING = () -> {};

    private final Semaphore readOnly;
    private final Semaphore mutating;

    InFlightLimit(int maxReadOnly, int maxMutating) {
        this.readOnly = maxReadOnly > 0 ? new Semaphore(maxReadOnly) : null;
        this.mutating = maxMutating > 0 ? new Semaphore(maxMutating) : null;
    }

    /**
     * Takes a place for the request; returns what gives it back (run it once the answer is
     * written or the client is gone; running it twice is harmless), or null when every place of
     * its kind is taken.
     */
    Runnable acquire(RequestInfo info, UserInfo user) {
        if (info.longRunning()) {
            return NOTHING;
        }
        Semaphore places = info.mutating() ? mutating : readOnly;
        if (places == null) {
            return NOTHING;
        }
        if (!places.tryAcquire()) {
            return user.groups().contains("system:masters") ? NOTHING : null;
        }
        AtomicBoolean given = new AtomicBoolean();
        return () -> {
            if (given.compareAndSet(false, true)) {
                places.release();
            }
        };
    }
}
