package io.j8s.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.testkit.TemporaryDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The sim part of {@code j8s bench pods}: a {@code j8s server --runtime sim} and its node's
 * capacity of pods created at once, timed from the first create to the last pod Running.
 */
final class SimPart {
    static final String NODE = "bench-sim";

    private final PodsFigures f;
    private final PrintWriter err;

    SimPart(PodsFigures f, PrintWriter err) {
        this.f = f;
        this.err = err;
    }

    /** Measures, and records what failed in the figures instead of throwing. */
    void measure() throws IOException {
        try (TemporaryDirectory dir = TemporaryDirectory.create("j8s-bench-sim-")) {
            Path data = dir.path();
            try {
                progress("starting j8s server --runtime sim on " + data);
                try (J8sProcess server = J8sProcess.start(
                                PodsBench.serverArgs(data, NODE, "--runtime", "sim"),
                                data.resolve("bench-server.log"), "kubelet started", 900);
                        KubernetesClient client = PodsBench.client(data);
                        PodRounds rounds = new PodRounds(client, NODE, PodsBench.POD_IMAGE,
                                PodRounds::running)) {
                    PodsBench.awaitNodeReady(client, NODE, Duration.ofSeconds(120));
                    progress("warm-up: " + PodsBench.SIM_PODS + " connections to the API, 1 pod");
                    rounds.warmConnections(PodsBench.SIM_PODS);
                    rounds.run(1, PodsBench.ROUND_TIMEOUT);
                    rounds.deleteAll(Duration.ofSeconds(60));
                    for (int r = 1; r <= 2; r++) {
                        progress(PodsBench.SIM_PODS + " pods at once, round " + r);
                        PodRounds.Round round = rounds.run(PodsBench.SIM_PODS,
                                PodsBench.ROUND_TIMEOUT);
                        progress(String.format(java.util.Locale.ROOT, "all Running after %.2fs,"
                                + " all created after %.2fs; %s", round.allNanos() / 1e9,
                                round.createsNanos() / 1e9, Percentiles.of(round.latencies())));
                        if (r == 1) {
                            f.sim110ColdNanos = round.allNanos();
                        } else {
                            f.sim110Nanos = round.allNanos();
                            f.sim110CreatesNanos = round.createsNanos();
                            f.simPods = Percentiles.of(round.latencies());
                            f.simServerRssKib = ProcStat.rssKib(server.pid());
                        }
                        rounds.deleteAll(Duration.ofSeconds(120));
                    }
                }
            } catch (Exception e) {
                f.failures.add("sim: " + StoreBench.oneLine(e));
                progress("failed: " + StoreBench.oneLine(e));
            } finally {
                if (PodsBench.isRoot()) {
                    PodsBench.cleanup(data, err);
                }
            }
        }
    }

    private void progress(String line) {
        err.println("bench pods: sim: " + line);
        err.flush();
    }
}
