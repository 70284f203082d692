package io.j8s.bench;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.j8s.kubelet.images.OciArchive;
import io.j8s.testkit.FreePorts;
import io.j8s.testkit.TemporaryDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code j8s bench pods}: {@code j8s server} in a child process with its node agent on a managed
 * containerd, pods created through the API and timed to Ready beside {@code ctr run} of the same
 * image on the same containerd; the server's memory and idle CPU with 30 pods; then a server on
 * the sim runtime with 110 pods on its node.
 */
@Command(name = "pods", mixinStandardHelpOptions = true,
        description = {"Measure pod start-up: create to Ready of 1, 10 and 30 busybox pods at"
                + " once on a j8s server's node (real containerd), beside `ctr run -d` of the same"
                + " image on the same containerd; the server's RSS and idle CPU with 30 pods; 110"
                + " pods on a node of the sim runtime.",
                "The containerd part needs root (it is skipped otherwise). Starts its servers"
                + " from the j8s launcher of this checkout on free ports and temporary data"
                + " directories, and removes every pod, process and route it made. Progress goes"
                + " to stderr, the table to stdout."})
public final class PodsBench implements Callable<Integer> {
    static final String IMAGE_REF = "docker.io/library/busybox:j8s";
    static final String POD_IMAGE = "busybox:j8s";
    static final double SINGLE_TARGET_MS = 2000;
    static final double RATIO_TARGET = 1.5;
    static final double SIM_TARGET_S = 3;
    static final int SIM_PODS = 110;
    static final Duration ROUND_TIMEOUT = Duration.ofSeconds(120);

    @Option(names = "--quick", description = "Fewer repetitions (3 single pods instead of 10)"
            + " and a shorter idle sample: about a minute and a half.")
    boolean quick;

    /** Which parts run. */
    enum Part { all, cri, sim }

    @Option(names = "--only", paramLabel = "cri|sim", defaultValue = "all",
            description = "Run only the containerd part or only the sim part.")
    Part only;

    @Option(names = "--skip-agent", description = "Do not measure a separate j8s agent (the"
            + " kubelet without the API server in its JVM) with 30 pods.")
    boolean skipAgent;

    @Spec
    CommandSpec spec;

    private final Clock clock;

    public PodsBench() {
        this(Clock.systemUTC());
    }

    PodsBench(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        String machine = MachineContext.line(clock.instant());
        PodsFigures f = new PodsFigures();
        f.idleSeconds = quick ? 5 : 10;
        if (only == Part.sim) {
            f.criSkipped = "--only sim";
        } else if (!isRoot()) {
            f.criSkipped = "not root: the containerd part (pods on containerd, ctr run, RSS with"
                    + " 30 pods) needs root and was skipped";
            err.println("j8s bench pods: " + f.criSkipped);
        } else {
            new CriPart(f, quick, err).measure();
            if (!skipAgent) {
                new AgentPart(f, err).measure();
            }
        }
        if (only != Part.cri) {
            new SimPart(f, err).measure();
        }

        out.println(machine);
        out.println();
        table(f).print(out);
        out.println();
        out.println(summary(f));
        out.flush();
        err.println(String.format(Locale.ROOT, "bench pods: done in %.1fs",
                (System.nanoTime() - start) / 1e9));
        if (!f.failures.isEmpty()) {
            err.println("j8s bench pods: " + f.failures.size() + " measurement(s) failed; see the"
                    + " notes under the table");
        }
        err.flush();
        return f.failures.isEmpty() ? 0 : 1;
    }

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.substring(4).strip().split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    static ResultsTable table(PodsFigures f) {
        ResultsTable t = new ResultsTable().left("measurement").right("j8s").right("ctr run -d")
                .right("ratio").right("target").right("met");
        for (int n : PodsFigures.BATCHES) {
            Percentiles k = f.kubelet.get(n);
            Percentiles c = f.ctr.get(n);
            String label = n == 1 ? "1 pod" : n + " pods at once";
            for (int p : new int[] {50, 99}) {
                double km = k == null ? Double.NaN : k.millis(p);
                double cm = c == null ? Double.NaN : c.millis(p);
                String target = "";
                String met = "";
                if (n == 1 && p == 99) {
                    target = "<= " + ResultsTable.decimal(RATIO_TARGET, 1) + "x, < "
                            + ResultsTable.count(SINGLE_TARGET_MS);
                    met = Double.isNaN(km) ? "n/a"
                            : (km / cm <= RATIO_TARGET ? "yes" : "NO") + "/"
                                    + (km < SINGLE_TARGET_MS ? "yes" : "NO");
                }
                t.row("create -> Ready, " + label + ", p" + p + " ms", ms(km), ms(cm),
                        ResultsTable.ratio(km, cm), target, met);
            }
            if (n == 1 && f.singleSandbox != null) {
                t.row("1 pod, in containerd: RunPodSandbox (pause, CNI), p50 ms",
                        ms(f.singleSandbox.millis(50)), "", "", "", "");
                t.row("1 pod, in containerd: CreateContainer + StartContainer, p50 ms",
                        ms(f.singleContainer.millis(50)), "", "", "", "");
                t.row("1 pod, kubelet between those CRI calls, p50 ms",
                        ms(f.singleBetween.millis(50)), "", "", "", "");
                t.row("1 pod, the rest (API, watches, kubelet before and after), p50 ms",
                        ms(f.singleOutside.millis(50)), "", "", "", "");
            }
            if (n > 1) {
                Long creates = f.createsAnswered.get(n);
                t.row(label + ": first create -> last create answered, ms (most of any round)",
                        ms(creates == null ? Double.NaN : creates / 1e6), "", "", "", "");
            }
        }
        int idle = f.idleSeconds;
        t.row("j8s server RSS, 30 pods running, MiB", mib(f.serverRssKib), "", "", "", "");
        t.row("j8s server CPU % of a core, idle " + idle + " s, 30 pods",
                ResultsTable.decimal(f.serverIdleCpu, 1), "", "", "", "");
        t.row("  of which the JIT compiler threads", ResultsTable.decimal(f.serverIdleJit, 1),
                "", "", "", "");
        if (f.agentPods != null) {
            for (int p : new int[] {50, 99}) {
                t.row("j8s agent: create -> Ready, 30 pods at once, p" + p + " ms",
                        ms(f.agentPods.millis(p)), "", "", "", "");
            }
        }
        if (f.agentRssKib >= 0 || !Double.isNaN(f.agentIdleCpu)) {
            t.row("j8s agent alone RSS, 30 pods running, MiB", mib(f.agentRssKib), "", "", "", "");
            t.row("j8s agent alone CPU % of a core, idle " + idle + " s, 30 pods",
                    ResultsTable.decimal(f.agentIdleCpu, 1), "", "", "", "");
            t.row("  of which the JIT compiler threads", ResultsTable.decimal(f.agentIdleJit, 1),
                    "", "", "", "");
            t.row("its server (--disable-agent) RSS, MiB", mib(f.controlPlaneRssKib), "", "", "",
                    "");
        }
        t.row("containerd RSS, 30 pods running, MiB", mib(f.containerdRssKib), "", "", "", "");
        double sim = f.sim110Seconds();
        t.row("sim: " + SIM_PODS + " pods, first round (a fresh JVM), first create -> all"
                + " Running, s", ResultsTable.decimal(f.sim110ColdNanos < 0 ? Double.NaN
                        : f.sim110ColdNanos / 1e9, 2), "", "", "", "");
        t.row("sim: " + SIM_PODS + " pods on 1 node, second round, first create -> all Running, s",
                ResultsTable.decimal(sim, 2), "", "", "< " + ResultsTable.decimal(SIM_TARGET_S, 0),
                Double.isNaN(sim) ? "n/a" : sim < SIM_TARGET_S ? "yes" : "NO");
        t.row("sim: first create -> last create answered, s",
                ResultsTable.decimal(f.sim110CreatesNanos < 0 ? Double.NaN
                        : f.sim110CreatesNanos / 1e9, 2), "", "", "", "");
        for (int p : new int[] {50, 99}) {
            t.row("sim: create -> Running per pod, p" + p + " ms",
                    ms(f.simPods == null ? Double.NaN : f.simPods.millis(p)), "", "", "", "");
        }
        t.row("sim: j8s server RSS, " + SIM_PODS + " pods, MiB", mib(f.simServerRssKib), "", "",
                "", "");

        t.note("create -> Ready: from just before each pod's create request (fabric8 client, the"
                + " admin's kubeconfig; the pods of a batch created at once, a thread each) to the"
                + " moment a watch of the same client sees its Ready condition True. Pods: image "
                + POD_IMAGE + " (imported at start from DATA/agent/images), `sleep 3600`,"
                + " imagePullPolicy IfNotPresent, spec.nodeName set (no scheduler). The path holds"
                + " the API, the kubelet's watch, a pause sandbox with CNI (bridge, host-local),"
                + " the container, and the status written back. Pods are deleted and gone, and"
                + " containerd has no task left, between rounds. First, 30 GETs at once open the"
                + " client's connections (no create pays for a TLS handshake), then one"
                + " unmeasured pod and one unmeasured ctr run warm up.");
        t.note("1 pod, in containerd: from containerd's own log of the CRI calls (the call and its"
                + " \"returns\" line); the rest is create -> Ready minus RunPodSandbox called to"
                + " StartContainer returned: the create request, the kubelet's informer, its"
                + " status patch and the benchmark's watch.");
        t.note("ctr run -d: `ctr -n k8s.io run -d " + IMAGE_REF + " ID sleep 3600` on the"
                + " server's own containerd (" + f.containerdVersion + "), timed from the ctr"
                + " process's start to its exit, which comes once the task started: snapshot,"
                + " container, shim and runc create, start; no sandbox, no CNI, no API. Same"
                + " number of repetitions as the pods, the same number at once.");
        t.note("RSS: VmRSS of /proc/PID/status with 30 pods running. `j8s server` runs the API"
                + " server, its store, the controllers and the kubelet in one JVM"
                + (f.agentRssKib >= 0 ? "; `j8s agent` (joined with the node token to a"
                        + " `j8s server --disable-agent`) is the kubelet alone, the figure to"
                        + " compare with upstream's kubelet" : "")
                + ". CPU: utime+stime of /proc/PID/stat over " + idle + " s of wall time with"
                + " the pods running and nothing changing, in % of one core; the JIT compiler"
                + " threads (C1, C2) are still compiling then, CPU a JVM that has run for a while"
                + " no longer spends. containerd: the"
                + " managed containerd process alone, without its shims.");
        t.note("sim: `j8s server --runtime sim`, " + SIM_PODS + " pods (the node's pod capacity)"
                + " created at once from " + SIM_PODS + " threads (after " + SIM_PODS + " GETs at"
                + " once opened the connections, and one unmeasured pod), timed from the first"
                + " create request to the last pod the watch sees in phase Running. Two rounds,"
                + " the pods deleted and gone between them: the first pays for the JIT compiling"
                + " the server's hot paths (a third of its CPU then); the second, the figure"
                + " against the target, is the server's steady pace.");
        if (f.criSkipped != null) {
            t.note("n/a: " + f.criSkipped + ".");
        }
        f.failures.forEach(m -> t.note("n/a: " + m));
        return t;
    }

    /** The last line, for scripts. */
    static String summary(PodsFigures f) {
        return "pods single-p99-ms=" + ResultsTable.decimal(f.singleP99Millis(), 0)
                + " ratio-to-ctr-p99=" + ResultsTable.decimal(f.singleRatio(), 2)
                + " sim110-s=" + ResultsTable.decimal(f.sim110Seconds(), 2);
    }

    private static String ms(double value) {
        return ResultsTable.decimal(value, 0);
    }

    private static String mib(long kib) {
        return kib < 0 ? "n/a" : ProcStat.mib(kib);
    }

    /** The admin's client of a server's data directory. */
    static KubernetesClient client(Path dataDir) throws IOException {
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(
                dataDir.resolve("kubeconfig.yaml"), StandardCharsets.UTF_8))).build();
    }

    /** Waits until {@code node} is registered and Ready. */
    static void awaitNodeReady(KubernetesClient client, String node, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Node n = client.nodes().withName(node).get();
            if (n != null && n.getStatus() != null && n.getStatus().getConditions() != null
                    && n.getSpec() != null && n.getSpec().getPodCIDR() != null) {
                for (NodeCondition c : n.getStatus().getConditions()) {
                    if ("Ready".equals(c.getType()) && "True".equals(c.getStatus())) {
                        return;
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("node " + node + " not Ready with a pod CIDR after "
                        + timeout.toSeconds() + "s");
            }
            Thread.sleep(200);
        }
    }

    /** Server flags on free ports, loopback only, on {@code dataDir}. */
    static List<String> serverArgs(Path dataDir, String node, String... extra) {
        int[] ports = FreePorts.pick(2);
        List<String> args = new ArrayList<>(List.of("server", "--data-dir", dataDir.toString(),
                "--https-listen-port", Integer.toString(ports[0]),
                "--kubelet-port", Integer.toString(ports[1]), "--bind-address", "127.0.0.1",
                "--node-name", node));
        args.addAll(List.of(extra));
        return args;
    }

    /** {@code j8s server --cleanup} of {@code dataDir}, reported on stderr if it fails. */
    static void cleanup(Path dataDir, PrintWriter err) {
        try {
            J8sProcess.run(List.of("server", "--cleanup", "--data-dir", dataDir.toString()), 300);
        } catch (Exception e) {
            err.println("j8s bench pods: cleanup of " + dataDir + ": " + e.getMessage());
        }
        err.flush();
    }

    /** Writes the busybox archive the node imports at start. */
    static void busyboxImage(Path dataDir) throws IOException {
        Path tar = dataDir.resolve("agent/images/busybox.tar");
        Files.createDirectories(tar.getParent());
        OciArchive.busybox(tar, IMAGE_REF);
    }

    static TemporaryDirectory tempDir(String prefix) throws IOException {
        return TemporaryDirectory.create(prefix);
    }
}
