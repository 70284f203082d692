package io.j8s.bench;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.j8s.controllers.ControllerManager;
import io.j8s.testkit.TemporaryDirectory;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code j8s bench controllers}: {@code j8s server} in a child process (no node agent, its own
 * controller manager reduced to node IPAM) and the controller manager under test in this JVM
 * with every other controller, over the controller manager's credentials; then each
 * {@link ControllersPart} in turn, while {@link NodeHeartbeats} keeps the Node objects the parts
 * make (without kubelets) alive for the node lifecycle controller.
 */
@Command(name = "controllers", mixinStandardHelpOptions = true,
        description = {"Measure the controller manager: a 1,000-replica Deployment on 100 nodes"
                + " (create and rollout), 10,000 one-pod Jobs, and its heap with 50,000 pods in"
                + " its informers.",
                "Starts its server from the j8s launcher of this checkout on free ports and a"
                + " temporary data directory. Progress goes to stderr, the table to stdout."})
public final class ControllersBench implements Callable<Integer> {
    /** The summary line's figures, in its order. */
    static final List<String> SUMMARY = List.of("deploy1000-create-s", "rollout1000-s",
            "jobs10k-s", "heap-mb");

    @Option(names = "--quick", description = "Smaller sizes (5,000 pods for the heap).")
    boolean quick;

    @Spec
    CommandSpec spec;

    /**
     * The parts, in the order they run; the heap part last, as it leaves 50,000 pods. The
     * Deployment and Job parts are added here, e.g.
     * {@code parts.add((c, f) -> f.put("jobs10k-s", ControllersJobsBench.run(c.admin(),
     * c.quick() ? 1_000 : 10_000)));}
     */
    static List<ControllersPart> parts() {
        List<ControllersPart> parts = new ArrayList<>();
        parts.add((c, f) -> {
            ControllersDeployBench.Result r = ControllersDeployBench.run(c.admin(), System.err);
            f.put("deploy1000-create-s", r.createSeconds());
            f.put("rollout1000-s", r.rolloutSeconds());
        });
        parts.add((c, f) -> {
            f.put("jobs10k-s", ControllersJobsBench.run(c.admin(), c.quick() ? 1_000 : 10_000));
            try {
                ControllersJobsBench.cleanUp(c.admin());
            } catch (RuntimeException e) {
                // not part of any figure: deleting 10,000 Jobs may outlast the client's timeout
                c.progress("jobs: clean-up not finished: " + StoreBench.oneLine(e));
            }
        });
        parts.add(new ControllersHeapPart());
        return parts;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String machine = MachineContext.line(Clock.systemUTC().instant());
        Map<String, Double> figures = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        try (TemporaryDirectory dir = TemporaryDirectory.create("j8s-bench-controllers-")) {
            Path data = dir.path();
            List<String> args = PodsBench.serverArgs(data, "bench-controllers",
                    "--disable-agent", "--controllers", "nodeipam");
            err.println("bench controllers: starting j8s server on " + data);
            err.flush();
            try (J8sProcess server = J8sProcess.start(args, data.resolve("bench-server.log"),
                            "apiserver ready", 900);
                    KubernetesClient admin = PodsBench.client(data);
                    KubernetesClient cmClient = client(data.resolve(
                            "server/cred/kube-controller-manager.kubeconfig"));
                    ControllerManager cm = ControllerManager.builder().client(cmClient)
                            .allocateNodeCidrs(false)
                            .controllers(Set.of("*", "-nodeipam", "-csrsigning", "-csrapproving"))
                            .start();
                    NodeHeartbeats heartbeats = new NodeHeartbeats(admin)) {
                ControllersPart.Cluster cluster = new ControllersPart.Cluster(admin, cm, quick,
                        err);
                for (ControllersPart part : parts()) {
                    try {
                        part.measure(cluster, figures);
                    } catch (Exception e) {
                        failures.add(part.getClass().getSimpleName() + ": "
                                + StoreBench.oneLine(e));
                        err.println("bench controllers: failed: " + StoreBench.oneLine(e));
                    }
                }
            }
        }
        out.println(machine);
        out.println();
        table(figures, failures).print(out);
        out.println();
        out.println(summary(figures));
        out.flush();
        return failures.isEmpty() ? 0 : 1;
    }

    private static KubernetesClient client(Path kubeconfig) throws java.io.IOException {
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(
                Files.readString(kubeconfig, StandardCharsets.UTF_8))).build();
    }

    static ResultsTable table(Map<String, Double> f, List<String> failures) {
        ResultsTable t = new ResultsTable().left("measurement").right("j8s").right("target")
                .right("met");
        row(t, "1,000-replica Deployment: all pods created (s)", f.get("deploy1000-create-s"), 10);
        row(t, "1,000-replica Deployment: rollout, maxSurge 25% (s)", f.get("rollout1000-s"), 60);
        row(t, "10,000 one-pod Jobs complete (s)", f.get("jobs10k-s"), 180);
        Double pods = f.get("heap-pods");
        row(t, "controller manager heap after GC, " + (pods == null ? "50,000"
                : String.format(Locale.ROOT, "%,d", pods.longValue())) + " pods (MB)",
                f.get("heap-mb"), ControllersHeapPart.TARGET_MB);
        if (f.containsKey("heap-before-mb")) {
            t.note(String.format(Locale.ROOT, "heap: %.0f MB before the pods; the pods were"
                    + " created in %.1fs", f.get("heap-before-mb"), f.get("heap-create-s")));
        }
        failures.forEach(x -> t.note("failed: " + x));
        return t;
    }

    private static void row(ResultsTable t, String label, Double value, double target) {
        t.row(label, value == null ? "n/a" : String.format(Locale.ROOT, "%.1f", value),
                String.format(Locale.ROOT, "< %.0f", target),
                value == null ? "" : value < target ? "yes" : "no");
    }

    static String summary(Map<String, Double> f) {
        StringBuilder s = new StringBuilder("controllers");
        for (String key : SUMMARY) {
            Double v = f.get(key);
            s.append(' ').append(key).append('=').append(v == null ? "n/a"
                    : String.format(Locale.ROOT, key.equals("heap-mb") ? "%.0f" : "%.1f", v));
        }
        return s.toString();
    }
}
