package io.j8s.e2e;

import io.j8s.testkit.Directories;
import io.j8s.testkit.FreePorts;
import io.j8s.testkit.Kubectl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code j8s server --runtime sim --disable-agent} from the runnable jar, in its own process, on a
 * free port and a temporary data directory; what every E2E test drives. A test class that needs one
 * server for all its tests registers it: it starts before them and stops after them.
 *
 * <pre>{@code @RegisterExtension static final RunningServer server = RunningServer.perClass();}</pre>
 */
final class RunningServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    private static final Path JAR = Path.of("../cli/target/j8s.jar");

    private final String[] perClassArgs;
    private Process process;
    private Path dataDir;
    private Path log;
    private int port;

    private RunningServer(Process process, Path dataDir, Path log, int port) {
        this.perClassArgs = null;
        this.process = process;
        this.dataDir = dataDir;
        this.log = log;
        this.port = port;
    }

    private RunningServer(String[] perClassArgs) {
        this.perClassArgs = perClassArgs;
    }

    /** A server started before a test class's tests with these extra flags, stopped after them. */
    static RunningServer perClass(String... extraArgs) {
        return new RunningServer(extraArgs);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        RunningServer started = start(perClassArgs);
        process = started.process;
        dataDir = started.dataDir;
        log = started.log;
        port = started.port;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (process != null) {
            close();
        }
    }

    static RunningServer start(String... extraArgs) throws Exception {
        return start(Files.createTempDirectory("j8s-e2e"), FreePorts.pick(), extraArgs);
    }

    /**
     * A server with its node agent on the sim runtime ({@code --runtime sim}, no
     * {@code --disable-agent}), its kubelet port a free one, stopped by the caller.
     */
    static RunningServer startWithAgent(String... extraArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("--kubelet-port",
                Integer.toString(FreePorts.pick())));
        args.addAll(List.of(extraArgs));
        return start(Files.createTempDirectory("j8s-e2e"), FreePorts.pick(), false,
                args.toArray(String[]::new));
    }

    /** Starts a server on a data directory that may hold a cluster already. */
    static RunningServer start(Path dataDir, int port, String... extraArgs) throws Exception {
        return start(dataDir, port, true, extraArgs);
    }

    /**
     * A server with its node agent on the real runtime (a managed containerd, {@code --runtime
     * cri}) on {@code dataDir}, stopped by the caller; {@link #stop} leaves the directory for a
     * restart on it.
     */
    static RunningServer startReal(Path dataDir, int port, String... extraArgs) throws Exception {
        return start(dataDir, port, "cri", false, extraArgs);
    }

    private static RunningServer start(Path dataDir, int port, boolean disableAgent,
            String... extraArgs) throws Exception {
        return start(dataDir, port, "sim", disableAgent, extraArgs);
    }

    private static RunningServer start(Path dataDir, int port, String runtime,
            boolean disableAgent, String... extraArgs) throws Exception {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: build cli first");
        }
        Path log = dataDir.resolve("stderr-" + System.nanoTime() + ".log");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(), "server", "--data-dir", dataDir.toString(),
                "--runtime", runtime, "--https-listen-port", Integer.toString(port)));
        if (!List.of(extraArgs).contains("--bind-address")) {
            cmd.addAll(List.of("--bind-address", "127.0.0.1")); // unless a test needs pods to reach it
        }
        if (disableAgent) {
            cmd.add("--disable-agent");
        }
        cmd.addAll(List.of(extraArgs));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        RunningServer server = new RunningServer(p, dataDir, log, port);
        // the real runtime may install Debian packages first
        long deadline = System.nanoTime() + (runtime.equals("sim") ? 60 : 300) * 1_000_000_000L;
        while (!server.log().contains("apiserver ready")) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                String out = server.log();
                server.close();
                throw new IllegalStateException("j8s server did not start:\n" + out);
            }
            Thread.sleep(100);
        }
        return server;
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    Path kubeconfig() {
        return dataDir.resolve("kubeconfig.yaml");
    }

    Path dataDir() {
        return dataDir;
    }

    int port() {
        return port;
    }

    Process process() {
        return process;
    }

    /** kubectl of {@code version} ("1.27"), or the default one for null, with the admin's kubeconfig. */
    Kubectl kubectl(String version) {
        Kubectl k = version == null ? Kubectl.installed() : Kubectl.version(version);
        return k.with("--kubeconfig", kubeconfig().toString());
    }

    /** A fabric8 client with the admin's kubeconfig; close it when done. */
    io.fabric8.kubernetes.client.KubernetesClient client() throws IOException {
        return new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(
                io.fabric8.kubernetes.client.Config.fromKubeconfig(
                        Files.readString(kubeconfig()))).build();
    }

    /** Kills the server with SIGKILL and leaves its data directory as it was. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Stops the server with SIGTERM (SIGKILL after 60 s) and leaves its data directory. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        stop();
        Directories.deleteRecursively(dataDir);
    }
}
