package io.j8s.cloud;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keys to sync, each at most once in the queue and never synced by two threads at once (one
 * worker); a sync that throws is retried with a back-off doubling from 500 ms to 30 s.
 */
final class WorkQueue implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WorkQueue.class.getName());
    private final String name;
    private final Consumer<String> sync;
    private final Set<String> queued = new LinkedHashSet<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final ScheduledExecutorService worker;

    WorkQueue(String name, Consumer<String> sync) {
        this.name = name;
        this.sync = sync;
        this.worker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name(name).factory());
    }

    void add(String key) {
        synchronized (queued) {
            if (!queued.add(key)) {
                return;
            }
        }
        try {
            worker.execute(() -> run(key));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed
        }
    }

    void addAfter(String key, Duration delay) {
        try {
            worker.schedule(() -> add(key), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed
        }
    }

    private void run(String key) {
        synchronized (queued) {
            queued.remove(key);
        }
        try {
            sync.accept(key);
            failures.remove(key);
        } catch (RuntimeException e) {
            int n = failures.merge(key, 1, Integer::sum);
            long delay = Math.min(30_000, 500L << Math.min(n - 1, 6));
            LOG.log(Level.FINE, name + ": " + key + ": " + e.getMessage() + "; again in " + delay
                    + " ms");
            addAfter(key, Duration.ofMillis(delay));
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
