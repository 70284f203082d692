package io.j8s.kubelet.logs;

import io.j8s.kubelet.runtime.ContainerRuntime;
import io.j8s.kubelet.runtime.ContainerStatus;
import io.j8s.kubelet.runtime.RuntimeCallException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Rotates running containers' log files by size, as the kubelet's container log manager does:
 * a file over {@code maxBytes} is renamed to {@code <name>.<yyyyMMdd-HHmmss>}, the runtime reopens
 * the log at the old path ({@link ContainerRuntime#reopenContainerLog}), and at most
 * {@code maxFiles} files stay per container, the current one included, the oldest deleted first.
 * Upstream also gzips the older rotated files; these stay plain text.
 */
public final class ContainerLogRotation implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ContainerLogRotation.class.getName());
    /** The kubelet's defaults: containerLogMaxSize 10Mi, containerLogMaxFiles 5. */
    public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;
    public static final int DEFAULT_MAX_FILES = 5;
    private static final DateTimeFormatter SUFFIX =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final ContainerRuntime runtime;
    private final long maxBytes;
    private final int maxFiles;
    private final Clock clock;
    private ScheduledExecutorService timer;

    public ContainerLogRotation(ContainerRuntime runtime, long maxBytes, int maxFiles, Clock clock) {
        if (maxFiles < 2) {
            throw new IllegalArgumentException("maxFiles must be at least 2, is " + maxFiles);
        }
        this.runtime = runtime;
        this.maxBytes = maxBytes;
        this.maxFiles = maxFiles;
        this.clock = clock;
    }

    public ContainerLogRotation(ContainerRuntime runtime) {
        this(runtime, DEFAULT_MAX_BYTES, DEFAULT_MAX_FILES, Clock.systemUTC());
    }

    /** Runs {@link #rotate()} every {@code period} (the kubelet's is 10 s) until closed. */
    public synchronized ContainerLogRotation start(Duration period) {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("container-log-rotation").factory());
            timer.scheduleWithFixedDelay(this::rotateQuietly, period.toMillis(), period.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** One pass over the running containers. */
    public void rotate() {
        for (ContainerStatus c : runtime.listContainers()) {
            if (c.state() != ContainerStatus.State.RUNNING || c.logPath() == null
                    || c.logPath().isEmpty()) {
                continue;
            }
            try {
                rotate(c.id(), Path.of(c.logPath()));
            } catch (IOException | RuntimeCallException e) {
                LOG.log(Level.WARNING, "cannot rotate the log of container " + c.id() + ": "
                        + e.getMessage(), e);
            }
        }
    }

    private void rotate(String containerId, Path log) throws IOException {
        removeExcess(log, maxFiles - 1);
        long size;
        try {
            size = Files.size(log);
        } catch (NoSuchFileException e) {
            return;
        }
        if (size <= maxBytes) {
            return;
        }
        Path rotated = log.resolveSibling(log.getFileName() + "." + SUFFIX.format(clock.instant()));
        if (Files.exists(rotated)) {
            return; // rotated this second already; the next pass does it
        }
        // Keep room for the file about to be rotated.
        removeExcess(log, maxFiles - 2);
        Files.move(log, rotated, StandardCopyOption.ATOMIC_MOVE);
        try {
            runtime.reopenContainerLog(containerId);
        } catch (RuntimeCallException e) {
            // As upstream: put it back so that the next pass tries again.
            Files.move(rotated, log, StandardCopyOption.ATOMIC_MOVE);
            throw e;
        }
    }

    /** Deletes the oldest rotated files of {@code log} until at most {@code keep} remain. */
    private static void removeExcess(Path log, int keep) throws IOException {
        List<Path> rotated = rotatedFiles(log);
        for (int i = 0; i < rotated.size() - keep; i++) {
            Files.deleteIfExists(rotated.get(i));
        }
    }

    /** The rotated files of {@code log}, oldest first (their suffix sorts by time). */
    static List<Path> rotatedFiles(Path log) throws IOException {
        String prefix = log.getFileName() + ".";
        Path dir = log.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = new ArrayList<>(files
                    .filter(p -> p.getFileName().toString().startsWith(prefix))
                    .sorted().toList());
            return found;
        }
    }

    private void rotateQuietly() {
        try {
            rotate();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "container log rotation failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
