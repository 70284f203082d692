package io.j8s.kubelet.runtime.cri;

import io.grpc.StatusRuntimeException;
import io.j8s.kubelet.runtime.cri.v1.RuntimeServiceGrpc;
import io.j8s.kubelet.runtime.cri.v1.VersionRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The agent's own containerd, as k3s runs it: a config under DATA_DIR/agent/containerd, containerd
 * started as a child process logging to containerd.log there, ready once its socket answers CRI's
 * Version. If it dies it is started again, after a back-off that doubles from 1 s to 30 s (reset
 * once it has run for a minute). {@link #close} stops it with SIGTERM, then SIGKILL; the
 * containers' shims are not its children and keep running, as with upstream's kubelet. A JVM
 * that exits without closing it stops it from a shutdown hook; one that is killed leaves it
 * running, and the next start stops that left-over containerd (found by its config path).
 */
public final class ManagedContainerd implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ManagedContainerd.class.getName());
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration STABLE = Duration.ofMinutes(1);

    private final ContainerdConfig config;
    private final Thread supervisor;
    private final Thread stopOnExit = new Thread(this::close, "containerd-stop");
    private volatile Process process;
    private volatile boolean closing;

    private ManagedContainerd(ContainerdConfig config, Process first) {
        this.config = config;
        this.process = first;
        this.supervisor = new Thread(this::supervise, "containerd-supervisor");
        this.supervisor.setDaemon(true);
    }

    /**
     * Installs what is missing (as root with apt), writes the config, starts containerd and waits
     * until it answers; the sandbox image is {@code sandboxImage} (see {@link PauseImage#REF}).
     */
    public static ManagedContainerd start(Path dataDir, String sandboxImage) throws IOException {
        HostPackages.ensure();
        ContainerdConfig config = ContainerdConfig.forDataDir(dataDir, sandboxImage);
        config.write();
        stopLeftOver(config);
        long begin = System.nanoTime();
        ManagedContainerd containerd = new ManagedContainerd(config, launch(config));
        try {
            containerd.awaitReady(containerd.process);
        } catch (IOException | RuntimeException e) {
            containerd.close();
            throw e;
        }
        containerd.supervisor.start();
        Runtime.getRuntime().addShutdownHook(containerd.stopOnExit);
        LOG.info("containerd is ready on " + config.socket() + " after "
                + Duration.ofNanos(System.nanoTime() - begin).toMillis() + " ms (log: " + config.log() + ")");
        return containerd;
    }

    /** The CRI socket. */
    public Path socket() {
        return config.socket();
    }

    /** The CRI endpoint, {@code unix:///...}. */
    public String endpoint() {
        return "unix://" + config.socket();
    }

    /** The containerd process now running (it changes when containerd is restarted). */
    public ProcessHandle process() {
        return process.toHandle();
    }

    private static Process launch(ContainerdConfig config) throws IOException {
        Files.deleteIfExists(config.socket());
        Files.deleteIfExists(Path.of(config.socket() + ".ttrpc"));
        ProcessBuilder builder = new ProcessBuilder("containerd", "--config", config.file().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(config.log().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        String path = builder.environment().getOrDefault("PATH", "");
        builder.environment().put("PATH", path.isEmpty() ? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
                : path + ":/usr/sbin:/usr/bin:/sbin:/bin");
        return builder.start();
    }

    private void awaitReady(Process p) throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (CriChannel channel = new CriChannel(config.socket())) {
            while (true) {
                if (!p.isAlive()) {
                    throw new IOException("containerd exited with code " + p.exitValue()
                            + " before it was ready; the end of " + config.log() + ":\n" + tail(config.log()));
                }
                if (Files.exists(config.socket())) {
                    try {
                        RuntimeServiceGrpc.newBlockingStub(channel.channel())
                                .withDeadlineAfter(1, TimeUnit.SECONDS)
                                .version(VersionRequest.newBuilder().setVersion("v1").build());
                        return;
                    } catch (StatusRuntimeException e) {
                        if (System.nanoTime() > deadline) {
                            throw new IOException("containerd did not answer on " + config.socket() + " within "
                                    + READY_TIMEOUT.toSeconds() + " s: " + e.getStatus() + "; the end of "
                                    + config.log() + ":\n" + tail(config.log()));
                        }
                    }
                } else if (System.nanoTime() > deadline) {
                    throw new IOException("containerd did not create " + config.socket() + " within "
                            + READY_TIMEOUT.toSeconds() + " s; the end of " + config.log() + ":\n" + tail(config.log()));
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for containerd", e);
        }
    }

    private void supervise() {
        Duration backoff = Duration.ofSeconds(1);
        while (!closing) {
            Process p = process;
            long started = System.nanoTime();
            int code;
            try {
                code = p.waitFor();
            } catch (InterruptedException e) {
                return;
            }
            if (closing) {
                return;
            }
            if (Duration.ofNanos(System.nanoTime() - started).compareTo(STABLE) > 0) {
                backoff = Duration.ofSeconds(1);
            }
            LOG.warning("containerd exited with code " + code + "; starting it again in " + backoff.toSeconds()
                    + " s (log: " + config.log() + ")");
            try {
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                synchronized (this) {
                    if (closing) {
                        return;
                    }
                    process = launch(config);
                }
                awaitReady(process);
                LOG.info("containerd is running again on " + config.socket());
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                LOG.log(Level.WARNING, "containerd did not come back: " + e.getMessage());
            }
        }
    }

    /**
     * A containerd of ours left running by an agent that died (same config file): it holds our
     * socket and root, so it is stopped before we start our own.
     */
    private static void stopLeftOver(ContainerdConfig config) {
        String mine = config.file().toString();
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            all.filter(h -> h.info().command().map(c -> c.endsWith("/containerd")).orElse(false))
                    .filter(h -> cmdline(h.pid()).contains(mine))
                    .forEach(h -> {
                        LOG.info("stopping containerd " + h.pid() + " left over from an earlier run");
                        stop(h);
                    });
        }
    }

    private static List<String> cmdline(long pid) {
        try {
            String raw = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.UTF_8);
            return List.of(raw.split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void stop(ProcessHandle h) {
        h.destroy();
        try {
            h.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            h.destroyForcibly();
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                LOG.warning("containerd " + h.pid() + " did not exit after SIGKILL");
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(cannot read it: " + e.getMessage() + ")";
        }
    }

    /** Stops containerd: SIGTERM, then SIGKILL after 10 s. Also run when the JVM exits. */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        if (Thread.currentThread() != stopOnExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException e) {
                // the JVM is exiting: the hook runs (or ran) anyway
            }
        }
        supervisor.interrupt();
        stop(process.toHandle());
        try {
            Files.deleteIfExists(config.socket());
            Files.deleteIfExists(Path.of(config.socket() + ".ttrpc"));
            if (!config.socket().startsWith(config.dir())) {
                Files.deleteIfExists(config.socket().getParent());
            }
        } catch (IOException e) {
            LOG.fine("cannot remove the socket: " + e.getMessage());
        }
    }
}
