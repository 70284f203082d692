package io.j8s.e2e;

import io.j8s.testkit.Directories;
import io.j8s.testkit.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code j8s agent --runtime sim} from the runnable jar, joined to a {@link RunningServer} with its
 * join token: a second node on this machine, with its own temporary data directory and a free
 * kubelet port. Closing it stops the agent and deletes the directory.
 */
final class RunningAgent implements AutoCloseable {
    private static final Path JAR = Path.of("../cli/target/j8s.jar");

    private final Process process;
    private final Path dataDir;
    private final Path log;

    private RunningAgent(Process process, Path dataDir, Path log) {
        this.process = process;
        this.dataDir = dataDir;
        this.log = log;
    }

    /** Starts node {@code node} with these extra flags; the caller waits for the node to be Ready. */
    static RunningAgent start(RunningServer server, String node, String... extraArgs)
            throws IOException {
        String token = Files.readString(server.dataDir().resolve("server/node-token")).strip();
        Path dir = Files.createTempDirectory("j8s-agent");
        Path log = dir.resolve("agent.log");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(), "agent", "--server", "https://127.0.0.1:" + server.port(),
                "--token", token, "--data-dir", dir.toString(), "--node-name", node,
                "--runtime", "sim", "--kubelet-port", Integer.toString(FreePorts.pick())));
        cmd.addAll(List.of(extraArgs));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        return new RunningAgent(p, dir, log);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        Directories.deleteRecursively(dataDir);
    }
}
