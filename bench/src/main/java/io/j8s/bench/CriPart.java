package io.j8s.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.testkit.TemporaryDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The containerd part of {@code j8s bench pods}: a {@code j8s server} with its node agent on a
 * managed containerd, rounds of pods to Ready interleaved with rounds of {@code ctr run -d}, and
 * the server's memory and idle CPU with 30 pods running. Needs root.
 */
final class CriPart {
    static final String NODE = "bench";
    private static final Pattern SOCKET = Pattern.compile("containerd is ready on (\\S+)");

    private final PodsFigures f;
    private final boolean quick;
    private final PrintWriter err;

    CriPart(PodsFigures f, boolean quick, PrintWriter err) {
        this.f = f;
        this.quick = quick;
        this.err = err;
    }

    /** Measures, and records what failed in the figures instead of throwing. */
    void measure() throws IOException {
        try (TemporaryDirectory dir = TemporaryDirectory.create("j8s-bench-pods-")) {
            Path data = dir.path();
            try {
                PodsBench.busyboxImage(data);
                progress("starting j8s server (cri) on " + data);
                try (J8sProcess server = J8sProcess.start(PodsBench.serverArgs(data, NODE),
                        data.resolve("bench-server.log"), "kubelet started", 900)) {
                    run(server, data);
                }
            } catch (Exception e) {
                f.failures.add("cri: " + StoreBench.oneLine(e));
                progress("failed: " + StoreBench.oneLine(e));
            } finally {
                progress("stopping; j8s server --cleanup");
                PodsBench.cleanup(data, err);
            }
        }
    }

    private void run(J8sProcess server, Path data) throws Exception {
        CtrRuns ctr = new CtrRuns(socket(server.output(), data), PodsBench.IMAGE_REF);
        f.containerdVersion = "containerd " + ctr.serverVersion();
        try (KubernetesClient client = PodsBench.client(data);
                PodRounds rounds = new PodRounds(client, NODE, PodsBench.POD_IMAGE,
                        PodRounds::ready)) {
            PodsBench.awaitNodeReady(client, NODE, Duration.ofSeconds(120));
            try {
                progress("warm-up: 30 connections to the API, 1 pod, 1 ctr run");
                rounds.warmConnections(30);
                rounds.run(1, PodsBench.ROUND_TIMEOUT);
                settle(rounds, ctr);
                ctr.run(1);
                ctr.removeAll();
                for (int n : PodsFigures.BATCHES) {
                    int reps = repetitions(n, quick);
                    List<Long> kubelet = new ArrayList<>();
                    List<Long> raw = new ArrayList<>();
                    Map<String, Long> byPod = new HashMap<>();
                    long creates = 0;
                    for (int r = 0; r < reps; r++) {
                        PodRounds.Round round = rounds.run(n, PodsBench.ROUND_TIMEOUT);
                        creates = Math.max(creates, round.createsNanos());
                        for (int i = 0; i < n; i++) {
                            kubelet.add(round.latencies()[i]);
                            byPod.put(round.names().get(i), round.latencies()[i]);
                        }
                        if (n == 30 && r == reps - 1) {
                            overhead(server.pid());
                        }
                        settle(rounds, ctr);
                        for (long l : ctr.run(n)) {
                            raw.add(l);
                        }
                        ctr.removeAll();
                        ctr.awaitNoTasks(Duration.ofSeconds(60));
                    }
                    f.kubelet.put(n, Percentiles.of(longs(kubelet)));
                    f.ctr.put(n, Percentiles.of(longs(raw)));
                    f.createsAnswered.put(n, creates);
                    if (n == 1) {
                        breakdown(data, byPod);
                    }
                    progress(n + " at once: j8s " + f.kubelet.get(n) + "; ctr " + f.ctr.get(n));
                }
            } finally {
                try {
                    rounds.deleteAll(Duration.ofSeconds(120));
                } finally {
                    ctr.removeAll();
                }
            }
        }
    }

    /** Where the single pods' time went, from containerd's log of its CRI calls. */
    private void breakdown(Path data, Map<String, Long> latencyByPod) {
        Path log = data.resolve("agent/containerd/containerd.log");
        try {
            Map<String, ContainerdLog.Timeline> timelines = ContainerdLog.timelines(
                    java.nio.file.Files.readString(log));
            List<Long> sandbox = new ArrayList<>();
            List<Long> container = new ArrayList<>();
            List<Long> between = new ArrayList<>();
            List<Long> outside = new ArrayList<>();
            latencyByPod.forEach((pod, latency) -> {
                ContainerdLog.Timeline t = timelines.get(pod);
                if (t != null && t.complete()) {
                    sandbox.add(t.sandbox().toNanos());
                    container.add(t.container().toNanos());
                    between.add(t.betweenCalls().toNanos());
                    outside.add(latency - t.total().toNanos());
                }
            });
            if (sandbox.isEmpty()) {
                f.failures.add("cri: no CRI call of the single pods in " + log);
                return;
            }
            f.singleSandbox = Percentiles.of(longs(sandbox));
            f.singleContainer = Percentiles.of(longs(container));
            f.singleBetween = Percentiles.of(longs(between));
            f.singleOutside = Percentiles.of(longs(outside));
        } catch (IOException e) {
            f.failures.add("cri: cannot read " + log + ": " + e.getMessage());
        }
    }

    /** How many rounds of {@code n} pods at once: enough samples for a p99 that means something. */
    static int repetitions(int n, boolean quick) {
        if (n == 1) {
            return quick ? 3 : 10;
        }
        return n <= 10 && !quick ? 3 : 1;
    }

    private void overhead(long pid) throws IOException, InterruptedException {
        progress("30 pods running: sampling the server's CPU for " + f.idleSeconds + "s");
        long ticks = ProcStat.cpuTicks(pid);
        long jit = ProcStat.jitCompilerTicks(pid);
        long start = System.nanoTime();
        Thread.sleep(f.idleSeconds * 1000L);
        long nanos = System.nanoTime() - start;
        f.serverIdleCpu = ProcStat.cpuPercent(ProcStat.cpuTicks(pid) - ticks, nanos);
        f.serverIdleJit = ProcStat.cpuPercent(ProcStat.jitCompilerTicks(pid) - jit, nanos);
        f.serverRssKib = ProcStat.rssKib(pid);
        ProcessHandle.of(pid).ifPresent(p -> p.children()
                .filter(c -> c.info().command().orElse("").endsWith("/containerd"))
                .findFirst().ifPresent(c -> {
                    try {
                        f.containerdRssKib = ProcStat.rssKib(c.pid());
                    } catch (IOException e) {
                        // Left n/a.
                    }
                }));
    }

    /** Deletes the pods, waits until they are gone and containerd runs no task. */
    private static void settle(PodRounds rounds, CtrRuns ctr) throws Exception {
        rounds.deleteAll(Duration.ofSeconds(120));
        ctr.awaitNoTasks(Duration.ofSeconds(120));
    }

    static Path socket(String serverOutput, Path data) {
        Matcher m = SOCKET.matcher(serverOutput);
        return m.find() ? Path.of(m.group(1)) : data.resolve("agent/containerd/containerd.sock");
    }

    private static long[] longs(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private void progress(String line) {
        err.println("bench pods: cri: " + line);
        err.flush();
    }
}
