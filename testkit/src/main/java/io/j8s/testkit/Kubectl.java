package io.j8s.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real kubectl binary, as tests drive it: a version of the ones installed on these machines
 * (/usr/bin/kubectl, /usr/lib/google-cloud-sdk/bin/kubectl.1.xx), pointed at a server by flags.
 */
public final class Kubectl {
    private static final Path SDK = Path.of("/usr/lib/google-cloud-sdk/bin");

    private final Path binary;
    private final List<String> connection;

    private Kubectl(Path binary, List<String> connection) {
        this.binary = binary;
        this.connection = List.copyOf(connection);
    }

    /** The default kubectl on the PATH (or /usr/bin/kubectl). */
    public static Kubectl installed() {
        Path p = Path.of("/usr/bin/kubectl");
        if (!Files.isExecutable(p)) {
            throw new IllegalStateException("kubectl is not installed at " + p);
        }
        return new Kubectl(p, List.of());
    }

    /** kubectl of one minor version, such as "1.27". */
    public static Kubectl version(String minor) {
        Path p = SDK.resolve("kubectl." + minor);
        if (!Files.isExecutable(p)) {
            throw new IllegalStateException("kubectl " + minor + " is not installed at " + p);
        }
        return new Kubectl(p, List.of());
    }

    /** The same kubectl, talking to a server with these flags (--server, --kubeconfig, ...). */
    public Kubectl with(String... flags) {
        List<String> all = new ArrayList<>(connection);
        all.addAll(List.of(flags));
        return new Kubectl(binary, all);
    }

    /**
     * The {@code diff} program that {@code kubectl diff} runs, from Debian's diffutils, installed
     * first when it is missing.
     */
    public static Path diffProgram() {
        return DebianExecutable.DIFF.locate();
    }

    public Path binary() {
        return binary;
    }

    /** {@code r} when kubectl exited 0; otherwise an AssertionError showing what it printed. */
    public static Result ok(Result r) {
        if (!r.ok()) {
            throw new AssertionError("kubectl failed: " + r);
        }
        return r;
    }

    /** What one run printed and how it ended. */
    public record Result(int exitCode, String out, String err) {
        public boolean ok() {
            return exitCode == 0;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /** Runs kubectl with {@code args} and {@code stdin} (may be null); waits up to 60 s. */
    public Result input(String stdin, String... args) {
        return run(java.util.Map.of(), stdin, args);
    }

    /**
     * Runs kubectl with {@code args} and {@code stdin} (may be null) and {@code env} added to its
     * environment ({@code EDITOR} for {@code kubectl edit}); waits up to 60 s.
     */
    public Result run(java.util.Map<String, String> env, String stdin, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        cmd.addAll(connection);
        cmd.addAll(List.of(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().putAll(env);
            Process p = pb.start();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("kubectl " + String.join(" ", args)
                        + " did not finish within 60 s");
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public Result run(String... args) {
        return input(null, args);
    }

    /** Starts a long-running kubectl (get -w, say); the caller reads and stops it. */
    public Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        cmd.addAll(connection);
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }
}
