package io.j8s.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.j8s.testkit.Directories;
import io.j8s.testkit.FreePorts;
import io.j8s.testkit.Kubectl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code j8s agent} joining a running server with the server's join token: TLS bootstrap through
 * CertificateSigningRequests that the server's controller manager approves and signs, then the
 * node's kubeconfig is the node's identity; bad tokens are refused with a clear message. Also the
 * controller manager's node IPAM.
 */
class JoinE2E {
    private static final Path JAR = Path.of("../cli/target/j8s.jar");

    @RegisterExtension
    static final RunningServer server = RunningServer.perClass();

    private final List<Process> agents = new ArrayList<>();
    private final List<Path> dirs = new ArrayList<>();

    @AfterEach
    void stopAgents() throws InterruptedException {
        for (Process p : agents) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        dirs.forEach(Directories::deleteRecursively);
    }

    private String token() throws IOException {
        return Files.readString(server.dataDir().resolve("server/node-token")).strip();
    }

    private record Agent(Process process, Path log, Path dataDir) {
        String output() throws IOException {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        }
    }

    private Agent agent(String token, String node) throws IOException {
        Path dir = Files.createTempDirectory("j8s-agent");
        dirs.add(dir);
        return agent(token, node, dir);
    }

    private Agent agent(String token, String node, Path dir) throws IOException {
        Path log = dir.resolve("agent-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", JAR.toString(), "agent",
                "--server", "https://127.0.0.1:" + server.port(), "--token", token,
                "--data-dir", dir.toString(), "--node-name", node, "--runtime", "sim",
                "--kubelet-port", Integer.toString(FreePorts.pick()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        agents.add(p);
        return new Agent(p, log, dir);
    }

    private static void awaitCredentials(Agent a) {
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            if (!a.process().isAlive()) {
                throw new AssertionError("the agent exited:\n" + a.output());
            }
            return a.output().contains("j8s agent running");
        });
    }

    @Test
    void theServerWritesAPrivateJoinTokenBackedByABootstrapTokenSecret() throws Exception {
        Path file = server.dataDir().resolve("server/node-token");
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        String token = token();
        assertThat(token).matches("K10[0-9a-f]{64}::[a-z0-9]{6}\\.[a-z0-9]{16}");
        String id = token.substring(token.indexOf("::") + 2, token.indexOf('.'));
        Kubectl.Result secret = Kubectl.ok(server.kubectl(null).run("get", "secret", "-n",
                "kube-system", "bootstrap-token-" + id, "-o", "jsonpath={.type}"));
        assertThat(secret.out()).isEqualTo("bootstrap.kubernetes.io/token");
    }

    @Test
    void anAgentJoinsWithTheTokenAndIsTheNodeAfterwards() throws Exception {
        Agent first = agent(token(), "worker-e2e");
        awaitCredentials(first);
        Path kubeconfig = first.dataDir().resolve("agent/kubelet.kubeconfig");
        assertThat(Files.getPosixFilePermissions(kubeconfig)).containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        Kubectl.Result whoami = Kubectl.ok(Kubectl.installed().with("--kubeconfig",
                kubeconfig.toString()).run("auth", "whoami"));
        assertThat(whoami.out()).contains("system:node:worker-e2e", "system:nodes");
        // Its kubelet registers the Node, which the controller manager gives a pod subnet.
        await().atMost(Duration.ofSeconds(60)).until(() -> server.kubectl(null).run("get",
                "node", "worker-e2e", "-o", "jsonpath={.spec.podCIDR} {.status.conditions[?(@.type==\"Ready\")].status}")
                .out().matches("10\\.42\\.\\d+\\.0/24 True"));

        Kubectl.Result csrs = Kubectl.ok(server.kubectl(null).run("get", "csr", "-o",
                "custom-columns=SIGNER:.spec.signerName,USER:.spec.username,"
                        + "COND:.status.conditions[0].type", "--no-headers"));
        assertThat(csrs.out()).containsPattern(
                "kubernetes.io/kube-apiserver-client-kubelet\\s+system:bootstrap:[a-z0-9]{6}\\s+Approved")
                .containsPattern("kubernetes.io/kubelet-serving\\s+system:node:worker-e2e\\s+Approved");

        // A second start reuses what the first one got.
        first.process().destroy();
        first.process().waitFor(20, TimeUnit.SECONDS);
        int before = csrs.out().strip().split("\n").length;
        Agent second = agent(token(), "worker-e2e", first.dataDir());
        awaitCredentials(second);
        assertThat(second.output()).contains("using the node credentials");
        Kubectl.Result after = Kubectl.ok(server.kubectl(null).run("get", "csr", "--no-headers"));
        assertThat(after.out().strip().split("\n")).hasSize(before);
    }

    @Test
    void aWrongTokenIsRefused() throws Exception {
        String token = token();
        String wrong = token.substring(0, token.indexOf("::") + 2) + "abcdef.0123456789abcdef";
        Agent a = agent(wrong, "intruder");
        assertThat(a.process().waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(a.process().exitValue()).isEqualTo(1);
        assertThat(a.output()).contains("refused the join token (401 Unauthorized)");
        assertThat(a.dataDir().resolve("agent/kubelet.kubeconfig")).doesNotExist();
    }

    @Test
    void aTokenForAnotherCaIsRefusedBeforeAnythingIsSent() throws Exception {
        String token = token();
        String otherCa = "K10" + "0".repeat(64) + token.substring(token.indexOf("::"));
        Agent a = agent(otherCa, "misled");
        assertThat(a.process().waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(a.process().exitValue()).isEqualTo(1);
        assertThat(a.output()).contains("does not match the CA hash in the join token",
                "refusing to join");
        assertThat(a.dataDir().resolve("agent/kubelet.kubeconfig")).doesNotExist();
    }

    @Test
    void nodesGetAPodSubnetOfTheClusterCidr() {
        Kubectl k = server.kubectl(null);
        Kubectl.ok(k.input("{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":"
                + "\"ipam-e2e\"}}", "create", "-f", "-"));
        await().atMost(Duration.ofSeconds(30)).until(() -> k.run("get", "node", "ipam-e2e", "-o",
                "jsonpath={.spec.podCIDR}").out().matches("10\\.42\\.\\d+\\.0/24"));
        Kubectl.ok(k.run("delete", "node", "ipam-e2e"));
    }
}
