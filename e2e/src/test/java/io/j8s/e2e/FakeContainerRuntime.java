package io.j8s.e2e;

import io.j8s.kubelet.runtime.CommandFailure;
import io.j8s.kubelet.runtime.PortConnection;
import io.j8s.kubelet.runtime.ProcessStreams;
import io.j8s.kubelet.server.StreamingBackend;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A container runtime that runs nothing: pods are names with containers, every container's log is
 * the same few lines, exec knows {@code echo}, {@code cat} and {@code sh -c 'exit N'}, the main
 * process (what attach reaches) copies stdin to stdout, and every forwarded port reaches one TCP
 * echo server on loopback.
 */
final class FakeContainerRuntime implements StreamingBackend {
    static final List<String> LOG_LINES = List.of("starting", "listening on :8080", "ready",
            "handled GET /", "handled GET /healthz");
    static final Instant LOG_START = Instant.parse("2026-01-02T03:04:05.123456789Z");
    static final int FOLLOW_LINES = 3;
    private static final long FOLLOW_INTERVAL_MILLIS = 100;

    private final Map<String, Set<String>> pods = new ConcurrentHashMap<>();
    private final AtomicReference<CountDownLatch> followGate = new AtomicReference<>();
    private final int echoPort;

    FakeContainerRuntime(int echoPort) {
        this.echoPort = echoPort;
    }

    void addPod(String namespace, String pod, String... containers) {
        pods.put(namespace + "/" + pod, Set.of(containers));
    }

    /**
     * The next followed log stops after its first new line until {@code gate} opens: what a test
     * needs to see that lines arrive while the stream is still open.
     */
    void holdNextFollowAfterFirstLine(CountDownLatch gate) {
        followGate.set(gate);
    }

    @Override
    public boolean hasPod(String namespace, String pod) {
        return pods.containsKey(namespace + "/" + pod);
    }

    @Override
    public boolean hasContainer(String namespace, String pod, String container) {
        return pods.getOrDefault(namespace + "/" + pod, Set.of()).contains(container);
    }

    @Override
    public void logs(String namespace, String pod, String container, LogOptions options,
            LogSink out) throws IOException, InterruptedException {
        int first = 0;
        if (options.tailLines() != null) {
            first = LOG_LINES.size() - (int) Math.min(options.tailLines(), LOG_LINES.size());
        }
        // Line i was written at LOG_START + i seconds.
        for (int i = first; i < LOG_LINES.size(); i++) {
            out.line(LOG_START.plusSeconds(i), LOG_LINES.get(i));
        }
        if (options.follow()) {
            for (int i = 1; i <= FOLLOW_LINES; i++) {
                Thread.sleep(FOLLOW_INTERVAL_MILLIS);
                out.line(Instant.now(), "follow " + i);
                if (i == 1) {
                    CountDownLatch gate = followGate.getAndSet(null);
                    if (gate != null && !gate.await(30, TimeUnit.SECONDS)) {
                        throw new IOException("nobody opened the follow gate");
                    }
                }
            }
        }
    }

    @Override
    public int exec(String namespace, String pod, String container, List<String> command,
            ProcessStreams streams) throws IOException, CommandFailure {
        switch (command.get(0)) {
            case "echo" -> {
                String line = String.join(" ", command.subList(1, command.size())) + "\n";
                streams.stdout().write(line.getBytes(StandardCharsets.UTF_8));
                return 0;
            }
            case "cat" -> {
                copy(streams.stdin(), streams.stdout());
                return 0;
            }
            case "sh" -> {
                if (command.size() == 3 && command.get(1).equals("-c")
                        && command.get(2).matches("exit \\d{1,3}")) {
                    return Integer.parseInt(command.get(2).substring(5)) & 0xff;
                }
                OutputStream err = streams.stderr() != null ? streams.stderr() : streams.stdout();
                err.write("sh: this fake shell only knows -c 'exit N'\n".getBytes(StandardCharsets.UTF_8));
                return 2;
            }
            default -> throw new CommandFailure("OCI runtime exec failed: exec failed: unable to "
                    + "start container process: exec: \"" + command.get(0)
                    + "\": executable file not found in $PATH: unknown");
        }
    }

    @Override
    public int attach(String namespace, String pod, String container, ProcessStreams streams)
            throws IOException {
        if (streams.stdin() == null) {
            streams.stdout().write(("main process of " + container + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            return 0;
        }
        copy(streams.stdin(), streams.stdout());
        return 0;
    }

    @Override
    public PortConnection portForward(String namespace, String pod, int port) throws IOException {
        return PortConnection.of(new Socket(InetAddress.getLoopbackAddress(), echoPort));
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        if (in != null) {
            in.transferTo(out);
        }
    }
}
