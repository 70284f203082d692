package io.j8s.e2e;

import static io.j8s.testkit.Kubectl.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.j8s.kubelet.images.OciArchive;
import io.j8s.kubelet.runtime.cri.HostPackages;
import io.j8s.testkit.Directories;
import io.j8s.testkit.FreePorts;
import io.j8s.testkit.HostLeftovers;
import io.j8s.testkit.Kubectl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real node for a test class: {@code j8s server} from the jar as root, with its managed
 * containerd and the busybox test image ({@link #IMAGE}) as an air-gap image, on a fresh data
 * directory and free ports; ready once its Node is. Afterwards it deletes every pod, stops the
 * server, runs {@code j8s server --cleanup} and fails the class if anything is left on the host
 * (containerd or shim processes, mounts, network namespaces, veths, cni0, rules, routes).
 *
 * <pre>{@code @RegisterExtension static final RealNode node = new RealNode("real-a");}</pre>
 */
final class RealNode implements BeforeAllCallback, AfterAllCallback {
    static final String IMAGE = "docker.io/library/busybox:j8s";
    private static final Path JAR = Path.of("../cli/target/j8s.jar");

    private final String name;
    private final String[] extraArgs;
    private HostLeftovers before;
    private Path dataDir;
    private int port;
    private int kubeletPort;
    private RunningServer server;

    RealNode(String name) {
        this(name, new String[0]);
    }

    /** A node whose server gets {@code extraArgs} besides its name and ports. */
    RealNode(String name, String... extraArgs) {
        this.name = name;
        this.extraArgs = extraArgs.clone();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "real containers need root");
        HostPackages.ensure();
        dataDir = Files.createTempDirectory("j8s-realit-");
        before = leftovers();
        OciArchive.busybox(dataDir.resolve("agent/images/busybox.tar"), IMAGE);
        int[] ports = FreePorts.pick(2);
        port = ports[0];
        kubeletPort = ports[1];
        start();
    }

    /** Starts the server on this node's data directory and waits for the Node to be Ready. */
    private void start() throws Exception {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--node-name",
                name, "--kubelet-port", Integer.toString(kubeletPort)));
        args.addAll(java.util.List.of(extraArgs));
        server = RunningServer.startReal(dataDir, port, args.toArray(String[]::new));
        Kubectl k = kubectl();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> k.run("get", "node", name, "-o",
                        "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}").out()
                        .equals("True"));
    }

    /** Stops the server with SIGTERM and starts it again on the same data directory and ports. */
    void restart() throws Exception {
        server.stop();
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (dataDir == null) {
            return;
        }
        String serverLog = "";
        try {
            if (server != null) {
                kubectl().run("delete", "pods", "--all", "--grace-period=1", "--wait=true",
                        "--timeout=60s");
                serverLog = server.log();
                server.stop();
            }
        } finally {
            String cleanup = cleanup();
            HostLeftovers after = leftovers();
            if (System.getenv("J8S_KEEP") == null) {
                Directories.deleteRecursively(dataDir);
            }
            assertThat(after.newSince(before)).as("left on the host after cleanup:\n" + cleanup
                    + "\nserver log tail:\n" + tail(serverLog)).isEmpty();
        }
    }

    private HostLeftovers leftovers() {
        return HostLeftovers.now("10.42.", dataDir.toString(), "/run/j8s/");
    }

    private String cleanup() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", JAR.toString(), "server", "--cleanup", "--data-dir",
                dataDir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return out;
    }

    private static String tail(String log) {
        return log.length() > 6000 ? log.substring(log.length() - 6000) : log;
    }

    String name() {
        return name;
    }

    String log() throws Exception {
        return server.log();
    }

    /** The default kubectl with the admin's kubeconfig. */
    Kubectl kubectl() {
        return server.kubectl(null);
    }

    /** kubectl of one minor version ("1.27") with the admin's kubeconfig. */
    Kubectl kubectl(String version) {
        return server.kubectl(version);
    }

    /** {@code kubectl apply -f -} of {@code yaml}. */
    void apply(String yaml) {
        ok(kubectl().input(yaml, "apply", "-f", "-"));
    }

    /** {@code kubectl get pod NAME -o jsonpath=...}: what the path gives, "" when it fails. */
    String pod(String pod, String jsonpath) {
        return kubectl().run("get", "pod", pod, "-o", "jsonpath={" + jsonpath + "}").out();
    }

    /** Waits until the pod is Ready (up to 60 s) and returns its IP. */
    String awaitReady(String pod) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> pod(pod, ".status.conditions[?(@.type==\"Ready\")].status")
                        .equals("True"));
        return pod(pod, ".status.podIP");
    }

    /** The events of one pod, as {@code kubectl get events} prints them. */
    String events(String pod) {
        return kubectl().run("get", "events", "--field-selector",
                "involvedObject.name=" + pod).out();
    }

    /** Deletes pods quickly (grace period 1 s) and waits until they are gone. */
    void delete(String... pods) {
        String[] args = new String[pods.length + 5];
        args[0] = "delete";
        args[1] = "pod";
        System.arraycopy(pods, 0, args, 2, pods.length);
        args[pods.length + 2] = "--grace-period=1";
        args[pods.length + 3] = "--wait=true";
        args[pods.length + 4] = "--timeout=60s";
        kubectl().run(args);
    }

    /**
     * A busybox pod on this node with one container {@code c} running {@code sh -c script}.
     * {@code more} is YAML added to the container, indented by 4 spaces ("" for none).
     */
    String pod(String pod, String script, String more) {
        return pod(pod, "Always", script, more, "");
    }

    /**
     * A busybox pod with {@code restartPolicy}, its container running {@code sh -c script} with
     * {@code container} YAML (4 spaces in) added to it and {@code spec} YAML (2 spaces in) added
     * to the pod's spec.
     */
    String pod(String pod, String restartPolicy, String script, String container, String spec) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                spec:
                  nodeName: %s
                  restartPolicy: %s
                  containers:
                  - name: c
                    image: busybox:j8s
                    command: ["sh", "-c", %s]
                %s%s""".formatted(pod, name, restartPolicy, quote(script), container, spec);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
