package io.j8s.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The raw figure beside the kubelet's: {@code ctr run -d} of the same image on the same
 * containerd, in the {@code k8s.io} namespace, timed from the command's start to its exit. With
 * {@code -d}, ctr returns once the task started (container and snapshot created, shim and runc
 * create, task start): what "container Running" costs without a pod sandbox, CNI or the API. The
 * containers are removed after each round (not timed).
 */
final class CtrRuns {
    private final Path socket;
    private final String image;
    private final List<String> ids = new ArrayList<>();
    private int round;

    CtrRuns(Path socket, String image) {
        this.socket = socket;
        this.image = image;
    }

    /** Starts {@code count} containers at once, one ctr process each; their times in ns. */
    long[] run(int count) throws IOException, InterruptedException {
        round++;
        List<Process> processes = new ArrayList<>();
        long[] started = new long[count];
        long[] times = new long[count];
        for (int i = 0; i < count; i++) {
            String id = "j8s-bench-ctr-" + ProcessHandle.current().pid() + "-" + round + "-" + i;
            ids.add(id);
            started[i] = System.nanoTime();
            processes.add(new ProcessBuilder(ctr("run", "-d", image, id, "sleep", "3600"))
                    .redirectErrorStream(true).start());
        }
        for (int i = 0; i < count; i++) {
            Process p = processes.get(i);
            // -d: ctr prints nothing once the task started; read to the end, then it has exited.
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("ctr run did not return in 60s");
            }
            times[i] = System.nanoTime() - started[i];
            if (p.exitValue() != 0) {
                throw new IllegalStateException("ctr run exited with " + p.exitValue() + ": "
                        + new String(out, StandardCharsets.UTF_8).strip());
            }
        }
        return times;
    }

    /** Kills and removes every container this made (a force delete of the task, then of it). */
    void removeAll() throws IOException, InterruptedException {
        for (String id : ids) {
            quiet(ctr("tasks", "delete", "--force", id));
            quiet(ctr("containers", "delete", id));
        }
        ids.clear();
    }

    /**
     * Waits until containerd runs no task in the namespace: the pods' sandboxes and containers,
     * and this one's, are gone.
     */
    void awaitNoTasks(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Process p = new ProcessBuilder(ctr("tasks", "list", "-q")).redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            if (p.exitValue() == 0 && out.isBlank()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("containerd still runs tasks "
                        + timeout.toSeconds() + "s after their pods were gone: "
                        + out.strip().replace('\n', ' '));
            }
            Thread.sleep(100);
        }
    }

    /** The containerd's version as ctr reports it: {@code ctr version}'s server part. */
    String serverVersion() {
        try {
            Process p = new ProcessBuilder(ctr("version")).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            int server = out.indexOf("Server:");
            if (server >= 0) {
                for (String line : out.substring(server).split("\n")) {
                    if (line.strip().startsWith("Version:")) {
                        return line.strip().substring("Version:".length()).strip();
                    }
                }
            }
        } catch (IOException e) {
            // Only a label.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "?";
    }

    private List<String> ctr(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ctr", "-a", socket.toString(), "-n",
                "k8s.io"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static void quiet(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }
}
