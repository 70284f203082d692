package io.j8s.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real, single-member etcd on free loopback ports, with its data and log in a fresh temporary
 * directory. {@link #close()} stops it and deletes the directory; a shutdown hook kills whatever a
 * crashed test left running.
 *
 * <pre>{@code
 * try (EtcdServer etcd = EtcdServer.start()) {
 *     Store store = EtcdStore.connect(List.of(URI.create(etcd.endpoint())), Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class EtcdServer implements AutoCloseable {
    private static final String NAME = "j8s-test";
    private static final long QUOTA_BACKEND_BYTES = 8L * 1024 * 1024 * 1024;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final int START_ATTEMPTS = 5;
    private static final int LOG_TAIL_LINES = 30;
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(1))
            .build();
    private static final Set<EtcdServer> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> RUNNING.forEach(EtcdServer::killAndForget), "etcd-server-reaper"));
    }

    private final Path binary;
    private final Path dir;
    private final Path dataDir;
    private final Path log;
    private int clientPort;
    private int peerPort;
    private Process process;

    private EtcdServer(Path binary, Path dir) {
        this.binary = binary;
        this.dir = dir;
        this.dataDir = dir.resolve("data");
        this.log = dir.resolve("etcd.log");
    }

    /**
     * Starts an etcd and returns once it answers its health check. Installs Debian's
     * {@code etcd-server} first when etcd is missing (which needs root).
     *
     * @throws IllegalStateException with etcd's log tail when it cannot be installed or started
     */
    public static EtcdServer start() {
        Path binary = DebianExecutable.ETCD.locate();
        Path dir;
        try {
            dir = Files.createTempDirectory("j8s-etcd-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for etcd", e);
        }
        EtcdServer server = new EtcdServer(binary, dir);
        try {
            server.startOnFreePorts();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The client URL, {@code http://127.0.0.1:PORT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + clientPort;
    }

    public int clientPort() {
        return clientPort;
    }

    /** etcd's combined output, kept until {@link #close()}. */
    public Path logFile() {
        return log;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Kills etcd with SIGKILL, as a crash would; the data stays for {@link #restart()}. */
    public synchronized void kill9() {
        if (process != null) {
            process.destroyForcibly();
            awaitExit(process);
            process = null;
        }
        RUNNING.remove(this);
    }

    /** Stops etcd if it runs and starts it again on the same ports and data. */
    public synchronized void restart() {
        stopProcess();
        try {
            launch();
        } catch (PortTakenException e) {
            throw new IllegalStateException("etcd cannot restart: a port of " + endpoint()
                    + " (peer " + peerPort + ") was taken while it was down:\n" + e.getMessage());
        }
    }

    /** Stops etcd (SIGTERM, then SIGKILL after a few seconds) and deletes its directory. */
    @Override
    public synchronized void close() {
        stopProcess();
        Directories.deleteRecursively(dir);
    }

    @Override
    public String toString() {
        return "etcd " + endpoint() + " in " + dir;
    }

    private void startOnFreePorts() {
        for (int attempt = 1; ; attempt++) {
            int[] ports = FreePorts.pick(2);
            clientPort = ports[0];
            peerPort = ports[1];
            try {
                launch();
                return;
            } catch (PortTakenException e) {
                if (attempt == START_ATTEMPTS) {
                    throw new IllegalStateException("etcd found its port taken " + START_ATTEMPTS
                            + " times in a row:\n" + e.getMessage());
                }
                Directories.deleteRecursively(dataDir);
            }
        }
    }

    private void launch() {
        String clientUrl = endpoint();
        String peerUrl = "http://127.0.0.1:" + peerPort;
        List<String> command = new ArrayList<>(Arrays.asList(binary.toString(),
                "--name", NAME,
                "--data-dir", dataDir.toString(),
                "--listen-client-urls", clientUrl,
                "--advertise-client-urls", clientUrl,
                "--listen-peer-urls", peerUrl,
                "--initial-advertise-peer-urls", peerUrl,
                "--initial-cluster", NAME + "=" + peerUrl,
                "--initial-cluster-state", "new",
                "--quota-backend-bytes", Long.toString(QUOTA_BACKEND_BYTES),
                "--logger", "zap",
                "--log-outputs", "stderr"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("ETCD"));
        long logStart = log.toFile().length();
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + binary + ": " + e.getMessage(), e);
        }
        RUNNING.add(this);
        awaitHealthy(logStart);
    }

    private void awaitHealthy(long logStart) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                int code = process.exitValue();
                process = null;
                RUNNING.remove(this);
                String output = logSince(logStart);
                if (output.contains("address already in use")) {
                    throw new PortTakenException(LogTail.of(output, LOG_TAIL_LINES));
                }
                throw new IllegalStateException("etcd exited with code " + code + " before answering on "
                        + endpoint() + "; the end of " + log + ":\n" + LogTail.of(output, LOG_TAIL_LINES));
            }
            if (healthy()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopProcess();
                throw new IllegalStateException("interrupted while waiting for etcd to start", e);
            }
        }
        stopProcess();
        throw new IllegalStateException("etcd did not answer " + endpoint() + "/health within "
                + START_TIMEOUT.toSeconds() + "s; the end of " + log + ":\n"
                + LogTail.of(logSince(logStart), LOG_TAIL_LINES));
    }

    private boolean healthy() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint() + "/health"))
                .timeout(Duration.ofSeconds(1))
                .GET()
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"true\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String logSince(long offset) {
        try {
            byte[] bytes = Files.readAllBytes(log);
            int from = (int) Math.min(offset, bytes.length);
            return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private void stopProcess() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    awaitExit(process);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        RUNNING.remove(this);
    }

    private static void awaitExit(Process process) {
        try {
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** For the shutdown hook: no locks, no waiting beyond a moment. */
    private void killAndForget() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
        }
        Directories.deleteRecursively(dir);
    }

    /** etcd exited because another process took one of its ports after we picked them. */
    private static final class PortTakenException extends RuntimeException {
        PortTakenException(String logTail) {
            super(logTail);
        }
    }
}
