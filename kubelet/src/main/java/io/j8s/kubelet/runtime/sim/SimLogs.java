package io.j8s.kubelet.runtime.sim;

import io.j8s.kubelet.runtime.ContainerStatus.State;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The log files of sim containers, in the CRI format the kubelet reads. A container whose pod
 * asks for it ({@value SimRuntime#LOG_EVERY}) appends {@code sim: line N} (N = 1, 2, ...) at that
 * interval while it runs: one scheduler thread for all of them, created at the first such
 * container, so a node of 110 quiet pods has no thread at all. Each line opens and closes the
 * file, so a rotated log simply continues in a new file.
 */
final class SimLogs implements AutoCloseable {
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    SimLogs(Clock clock) {
        this.clock = clock;
    }

    /** Appends one stdout line to {@code c}'s log, if it has one. */
    static void append(SimContainer c, Instant at, String line) throws IOException {
        if (c.logPath.toString().isEmpty()) {
            return;
        }
        Files.createDirectories(c.logPath.getParent());
        Files.writeString(c.logPath, at + " stdout F " + line + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /**
     * Has {@code c} log a numbered line every {@code interval} until it is no longer running (or
     * its log cannot be written); the returned handle stops it sooner.
     */
    synchronized ScheduledFuture<?> every(SimContainer c, Duration interval) {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sim-logs");
                t.setDaemon(true);
                return t;
            });
        }
        AtomicLong lines = new AtomicLong();
        long nanos = interval.toNanos();
        return scheduler.scheduleAtFixedRate(() -> {
            // Under the container's lock: once a stop returns, no line follows it.
            synchronized (c) {
                Instant now = clock.instant();
                if (c.state(now) != State.RUNNING) {
                    throw new CancellationStop();
                }
                try {
                    append(c, now, "sim: line " + lines.incrementAndGet());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /** Stops every container's periodic lines; a container started later gets a new scheduler. */
    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    /** Ends a periodic task: a scheduled task that throws is not run again. */
    private static final class CancellationStop extends RuntimeException {
        CancellationStop() {
            super("the container is no longer running", null, false, false);
        }
    }
}
