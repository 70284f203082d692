package io.j8s.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.testkit.FreePorts;
import io.j8s.testkit.TemporaryDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The kubelet's own overhead: a {@code j8s server --disable-agent} and a {@code j8s agent} joined
 * to it with the node token, in processes of their own, the agent on a managed containerd; with
 * 30 pods running on its node, the agent's RSS and idle CPU (the kubelet alone, as upstream's is
 * measured) and the control plane's RSS. Needs root.
 */
final class AgentPart {
    static final String NODE = "bench-agent";

    private final PodsFigures f;
    private final PrintWriter err;

    AgentPart(PodsFigures f, PrintWriter err) {
        this.f = f;
        this.err = err;
    }

    /** Measures, and records what failed in the figures instead of throwing. */
    void measure() throws IOException {
        try (TemporaryDirectory serverDir = TemporaryDirectory.create("j8s-bench-cp-");
                TemporaryDirectory agentDir = TemporaryDirectory.create("j8s-bench-agent-")) {
            Path agentData = agentDir.path();
            try {
                PodsBench.busyboxImage(agentData);
                progress("starting j8s server --disable-agent and j8s agent on " + agentData);
                List<String> serverArgs = PodsBench.serverArgs(serverDir.path(), "bench-cp",
                        "--disable-agent");
                String port = serverArgs.get(serverArgs.indexOf("--https-listen-port") + 1);
                try (J8sProcess server = J8sProcess.start(serverArgs,
                        serverDir.path().resolve("bench-server.log"), "j8s server running", 900)) {
                    String token = Files.readString(serverDir.path().resolve("server/node-token"),
                            StandardCharsets.UTF_8).strip();
                    try (J8sProcess agent = J8sProcess.start(List.of("agent", "--server",
                                    "https://127.0.0.1:" + port, "--token", token,
                                    "--data-dir", agentData.toString(), "--node-name", NODE,
                                    "--kubelet-port", Integer.toString(FreePorts.pick(1)[0])),
                            agentData.resolve("bench-agent.log"), "kubelet started", 900)) {
                        run(server, agent, serverDir.path(), agentData);
                    }
                }
            } catch (Exception e) {
                f.failures.add("agent: " + StoreBench.oneLine(e));
                progress("failed: " + StoreBench.oneLine(e));
            } finally {
                progress("stopping; j8s server --cleanup of the agent's data dir");
                PodsBench.cleanup(agentData, err);
            }
        }
    }

    private void run(J8sProcess server, J8sProcess agent, Path serverData, Path agentData)
            throws Exception {
        CtrRuns ctr = new CtrRuns(CriPart.socket(agent.output(), agentData),
                PodsBench.IMAGE_REF);
        try (KubernetesClient client = PodsBench.client(serverData);
                PodRounds rounds = new PodRounds(client, NODE, PodsBench.POD_IMAGE,
                        PodRounds::ready)) {
            PodsBench.awaitNodeReady(client, NODE, Duration.ofSeconds(120));
            try {
                rounds.warmConnections(30);
                rounds.run(1, PodsBench.ROUND_TIMEOUT);
                rounds.deleteAll(Duration.ofSeconds(120));
                ctr.awaitNoTasks(Duration.ofSeconds(120));
                PodRounds.Round round = rounds.run(30, PodsBench.ROUND_TIMEOUT);
                f.agentPods = Percentiles.of(round.latencies());
                progress("30 pods Ready: " + f.agentPods + "; sampling the agent's CPU for "
                        + f.idleSeconds + "s");
                long ticks = ProcStat.cpuTicks(agent.pid());
                long jit = ProcStat.jitCompilerTicks(agent.pid());
                long start = System.nanoTime();
                Thread.sleep(f.idleSeconds * 1000L);
                long nanos = System.nanoTime() - start;
                f.agentIdleCpu = ProcStat.cpuPercent(ProcStat.cpuTicks(agent.pid()) - ticks,
                        nanos);
                f.agentIdleJit = ProcStat.cpuPercent(
                        ProcStat.jitCompilerTicks(agent.pid()) - jit, nanos);
                f.agentRssKib = ProcStat.rssKib(agent.pid());
                f.controlPlaneRssKib = ProcStat.rssKib(server.pid());
            } finally {
                rounds.deleteAll(Duration.ofSeconds(120));
                ctr.awaitNoTasks(Duration.ofSeconds(120));
            }
        }
    }

    private void progress(String line) {
        err.println("bench pods: agent: " + line);
        err.flush();
    }
}
