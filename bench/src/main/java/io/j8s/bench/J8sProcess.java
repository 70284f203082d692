package io.j8s.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code j8s server} or {@code j8s agent} in a child process, run by the {@code j8s} launcher of
 * the checkout this benchmark's jar was built in (the launcher builds {@code cli/target/j8s.jar}
 * when a source is newer and then execs java, so the child's pid is the JVM's). Its output goes
 * to a log file in its data directory.
 */
final class J8sProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private J8sProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** The {@code j8s} launcher at the root of the checkout that holds this jar. */
    static Path launcher() {
        Path here;
        try {
            here = Path.of(J8sProcess.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI()).toAbsolutePath();
        } catch (Exception e) {
            throw new IllegalStateException("cannot tell where the bench jar is: " + e.getMessage());
        }
        // bench/target/j8s-bench.jar, or bench/target/classes when run from the build.
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            Path j8s = dir.resolve("j8s");
            if (Files.isRegularFile(j8s) && Files.isExecutable(j8s)
                    && Files.isDirectory(dir.resolve("cli"))) {
                return j8s;
            }
        }
        throw new IllegalStateException("no j8s launcher above " + here
                + ": run the benchmark from a j8s checkout");
    }

    /**
     * Runs {@code j8s ARGS} with its output in {@code log}, and waits until a line of it contains
     * {@code readyLine}, at most {@code timeoutSeconds} (the launcher may build the jar first).
     */
    static J8sProcess start(List<String> args, Path log, String readyLine, int timeoutSeconds)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(launcher().toString());
        cmd.addAll(args);
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        J8sProcess p = new J8sProcess(pb.start(), log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!p.output().contains(readyLine)) {
            if (!p.process.isAlive() || System.nanoTime() > deadline) {
                String out = p.output();
                p.close();
                throw new IllegalStateException("j8s " + args.getFirst() + " did not start ("
                        + (p.process.isAlive() ? "timed out" : "exit " + p.process.exitValue())
                        + "); the end of its output:\n" + tail(out, 20));
            }
            Thread.sleep(100);
        }
        return p;
    }

    /**
     * Runs {@code j8s ARGS} to its end (at most {@code timeoutSeconds}), like
     * {@code j8s server --cleanup}; returns its exit code and output.
     */
    static String run(List<String> args, int timeoutSeconds)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(launcher().toString());
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("j8s " + String.join(" ", args) + " timed out");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IllegalStateException("j8s " + String.join(" ", args) + " exited with "
                    + p.exitValue() + ": " + tail(text, 10));
        }
        return text;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** SIGTERM, and SIGKILL if it has not stopped after 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(all,
                Math.max(0, all.length - lines), all.length));
    }
}
