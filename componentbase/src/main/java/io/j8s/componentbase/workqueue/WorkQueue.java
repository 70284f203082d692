package io.j8s.componentbase.workqueue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keys waiting for a controller's sync function. A key added while it waits is queued once; a
 * key added while it is being synced is synced again afterwards; a sync that throws is retried
 * after 5 ms, doubling up to 1000 s (client-go's per-item exponential limiter), and a sync that
 * succeeds resets the key's back-off ({@link #backOff} sets other bounds). One worker thread unless {@link #workers(int)} asks for
 * more; whatever their number, one key is never synced by two workers at once.
 */
public final class WorkQueue implements AutoCloseable {
    static final Duration BASE_DELAY = Duration.ofMillis(5);
    static final Duration MAX_DELAY = Duration.ofSeconds(1000);

    /** What a controller does for one key. */
    @FunctionalInterface
    public interface Sync {
        void sync(String key) throws Exception;
    }

    private final String name;
    private final Sync sync;
    private final Logger log;
    private final Set<String> queued = new LinkedHashSet<>();
    private final Set<String> dirtyWhileProcessing = new LinkedHashSet<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private final ScheduledExecutorService delays;
    private final Set<String> processing = new HashSet<>();
    private final List<Thread> workers = new ArrayList<>();
    private int workerCount = 1;
    private Duration baseDelay = BASE_DELAY;
    private Duration maxDelay = MAX_DELAY;
    private boolean closed;

    public WorkQueue(String name, Sync sync) {
        this.name = Objects.requireNonNull(name);
        this.sync = Objects.requireNonNull(sync);
        this.log = Logger.getLogger(WorkQueue.class.getPackageName() + "." + name);
        this.delays = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name(name + "-delays").factory());
    }

    /** Queues a key (once, however often it is added before it is synced). */
    public synchronized void add(String key) {
        if (closed) {
            return;
        }
        if (processing.contains(key)) {
            dirtyWhileProcessing.add(key);
            return;
        }
        if (queued.add(key)) {
            notifyAll();
        }
    }

    /** Queues a key after a delay. */
    public void addAfter(String key, Duration delay) {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        delays.schedule(() -> add(key), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * How many workers {@link #start()} starts (1 by default); keys are synced in parallel, one
     * key never by two workers at once.
     */
    public synchronized WorkQueue workers(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("workers must be at least 1: " + n);
        }
        workerCount = n;
        return this;
    }

    /**
     * The back-off of a failing key: {@code base} after its first failure, doubling up to
     * {@code max} (5 ms to 1000 s by default, as client-go's controllers).
     */
    public synchronized WorkQueue backOff(Duration base, Duration max) {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("back-off needs 0 < base <= max: " + base + ", "
                    + max);
        }
        baseDelay = base;
        maxDelay = max;
        return this;
    }

    /** Starts the workers that sync queued keys. */
    public synchronized void start() {
        if (workers.isEmpty()) {
            for (int i = 0; i < workerCount; i++) {
                workers.add(Thread.ofPlatform().daemon().name(name + "-worker-" + i)
                        .start(this::work));
            }
        }
    }

    private void work() {
        while (true) {
            String key;
            synchronized (this) {
                while (queued.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                key = queued.iterator().next();
                queued.remove(key);
                processing.add(key);
            }
            Duration retry = null;
            try {
                sync.sync(key);
                synchronized (this) {
                    failures.remove(key);
                }
            } catch (Exception | LinkageError e) {
                retry = backOff(key);
                log.log(Level.WARNING, "syncing " + key + " failed, retrying in "
                        + retry.toMillis() + " ms: " + e, e instanceof RuntimeException
                                && e.getMessage() != null ? null : e);
            }
            synchronized (this) {
                processing.remove(key);
                if (dirtyWhileProcessing.remove(key) && queued.add(key)) {
                    notifyAll();
                }
            }
            if (retry != null) {
                addAfter(key, retry);
            }
        }
    }

    private synchronized Duration backOff(String key) {
        int n = failures.merge(key, 1, Integer::sum);
        long millis = baseDelay.toMillis() << Math.min(n - 1, 30);
        return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
    }

    /** Stops the worker; keys still queued are dropped. */
    @Override
    public void close() {
        List<Thread> ws;
        synchronized (this) {
            closed = true;
            notifyAll();
            ws = List.copyOf(workers);
        }
        delays.shutdownNow();
        for (Thread w : ws) {
            if (w != Thread.currentThread()) {
                try {
                    w.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
