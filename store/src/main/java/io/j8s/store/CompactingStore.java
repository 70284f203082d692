package io.j8s.store;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link Store} that compacts its own history: every tick it notes the current revision, and
 * compacts to the newest revision noted at least {@code retention} ago. History therefore reaches
 * back at least {@code retention} (5 minutes by default, upstream's compaction interval) and at most
 * one tick more, and the backend's log stays bounded by the write rate over that window.
 */
final class CompactingStore implements Store {
    private static final Logger LOG = Logger.getLogger(CompactingStore.class.getName());

    private final Store delegate;
    private final RevisionHistory history;
    private final ScheduledExecutorService ticker;

    CompactingStore(Store delegate, Duration retention) {
        this.delegate = delegate;
        this.history = new RevisionHistory(retention.toNanos(), System::nanoTime);
        long tickMillis = Math.max(50, Math.min(retention.toMillis() / 10, 30_000));
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "store-compactor");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            long target = history.record(delegate.currentRevision());
            if (target > delegate.compactRevision()) {
                delegate.compact(target);
            }
        } catch (CompactedException e) {
            // Someone else compacted further already: nothing to do.
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "compaction failed: " + e.getMessage());
        }
    }

    /** Revisions seen over time; answers the newest one that is at least the retention old. */
    static final class RevisionHistory {
        private final long retentionNanos;
        private final LongSupplier clock;
        private final Deque<long[]> samples = new ArrayDeque<>();

        RevisionHistory(long retentionNanos, LongSupplier clock) {
            this.retentionNanos = retentionNanos;
            this.clock = clock;
        }

        /** Records {@code revision} as seen now; returns the revision safe to compact to, or 0. */
        synchronized long record(long revision) {
            long now = clock.getAsLong();
            samples.addLast(new long[] {now, revision});
            long target = 0;
            while (!samples.isEmpty() && now - samples.peekFirst()[0] >= retentionNanos) {
                target = samples.pollFirst()[1];
            }
            return target;
        }
    }

    @Override
    public long currentRevision() {
        return delegate.currentRevision();
    }

    @Override
    public Optional<KeyValue> get(String key) {
        return delegate.get(key);
    }

    @Override
    public ListPage list(String prefix, long revision, int limit, String continueKey) {
        return delegate.list(prefix, revision, limit, continueKey);
    }

    @Override
    public KeyValue create(String key, byte[] value) {
        return delegate.create(key, value);
    }

    @Override
    public KeyValue update(String key, byte[] value, long expectedModRevision) {
        return delegate.update(key, value, expectedModRevision);
    }

    @Override
    public Deleted delete(String key, long expectedModRevision) {
        return delegate.delete(key, expectedModRevision);
    }

    @Override
    public Watch watch(String prefix, long fromRevision, WatchListener listener) {
        return delegate.watch(prefix, fromRevision, listener);
    }

    @Override
    public void compact(long revision) {
        delegate.compact(revision);
    }

    @Override
    public long compactRevision() {
        return delegate.compactRevision();
    }

    @Override
    public void awaitReady(Duration timeout) {
        delegate.awaitReady(timeout);
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        delegate.close();
    }
}
