package io.j8s.apiserver.registry;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.j8s.api.errors.StatusException;
import java.util.concurrent.TimeUnit;

/**
 * A list at a resourceVersion the store has not reached yet, as upstream's cacher serves it
 * ({@code waitUntilFreshAndBlock}): it waits up to three seconds for that revision, then answers
 * 504 Timeout "Too large resource version" with a {@code ResourceVersionTooLarge} cause and a
 * one-second {@code retryAfterSeconds}. Client-go's reflector recognises that answer and lists
 * again. The revision is the one of {@code resourceVersion} (any match) or of a continue token.
 */
final class Freshness {
    static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(3);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    static final int RETRY_SECONDS = 1;

    private Freshness() {}

    /** The revision a list requires the store to have reached, or 0 when it requires none. */
    static long required(ListOptions options) {
        if (!options.continueToken().isEmpty()) {
            return ContinueToken.decode(options.continueToken()).revision();
        }
        String rv = options.resourceVersion();
        return rv.isEmpty() || rv.equals("0") ? 0 : Lister.parseRevision(rv);
    }

    /** Returns once the store has reached {@code revision}; 504 after {@link #WAIT_NANOS}. */
    static void await(Registry registry, WatchCache cache, long revision) {
        if (cache != null && cache.revision() >= revision) {
            return; // the cache has seen it, so the store has (no round trip to etcd)
        }
        long deadline = System.nanoTime() + WAIT_NANOS;
        long current = Registry.call(() -> registry.store().currentRevision());
        while (current < revision) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw tooLarge(revision, current);
            }
            // A write to this resource wakes us at once; others are seen at the next poll.
            if (cache != null) {
                cache.awaitChange(Math.min(left, POLL_NANOS));
            } else {
                try {
                    TimeUnit.NANOSECONDS.sleep(Math.min(left, POLL_NANOS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw tooLarge(revision, current);
                }
            }
            current = Registry.call(() -> registry.store().currentRevision());
        }
    }

    /** Upstream's {@code storage.NewTooLargeResourceVersionError}. */
    static StatusException tooLarge(long requested, long current) {
        return new StatusException(new StatusBuilder().withApiVersion("v1").withKind("Status")
                .withNewMetadata().endMetadata().withStatus("Failure")
                .withMessage("Timeout: Too large resource version: " + requested + ", current: "
                        + current)
                .withReason("Timeout").withCode(504)
                .withNewDetails().withCauses(new StatusCauseBuilder()
                        .withReason("ResourceVersionTooLarge")
                        .withMessage("Too large resource version").build())
                .withRetryAfterSeconds(RETRY_SECONDS).endDetails()
                .build());
    }
}
