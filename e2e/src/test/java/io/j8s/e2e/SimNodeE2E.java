package io.j8s.e2e;

import static io.j8s.testkit.Kubectl.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.j8s.testkit.Kubectl;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code j8s server --runtime sim}: the server's own node agent registers a Ready node and runs
 * the pods bound to it, as the real kubectl shows them. No scheduler yet, so pods name their node;
 * no node IPAM yet, so the test gives the node its pod CIDR.
 */
class SimNodeE2E {
    private static final String NODE = "sim-e2e";
    private static RunningServer server;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        server = RunningServer.startWithAgent("--node-name", NODE);
        kubectl = server.kubectl(null);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theNodeIsReadyAndAPodBoundToItRunsWithAnIp() {
        await().atMost(Duration.ofSeconds(30)).until(() -> kubectl.run("get", "node", NODE,
                "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}").out()
                .equals("True"));
        assertThat(ok(kubectl.run("get", "nodes")).out()).containsPattern(NODE + "\\s+Ready");
        assertThat(ok(kubectl.run("get", "node", NODE, "-o",
                "jsonpath={.status.addresses[?(@.type==\"InternalIP\")].address}")).out())
                .matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
        if (ok(kubectl.run("get", "node", NODE, "-o", "jsonpath={.spec.podCIDR}")).out().isEmpty()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> kubectl.run("patch", "node", NODE,
                    "--type", "merge", "-p", "{\"spec\":{\"podCIDR\":\"10.42.0.0/24\"}}").ok());
        }

        ok(kubectl.run("run", "web", "--image=busybox:1.36",
                "--overrides={\"spec\":{\"nodeName\":\"" + NODE + "\"}}"));

        await().atMost(Duration.ofSeconds(30)).until(() -> kubectl.run("get", "pod", "web", "-o",
                "jsonpath={.status.phase}").out().equals("Running"));
        String ip = ok(kubectl.run("get", "pod", "web", "-o", "jsonpath={.status.podIP}")).out();
        assertThat(ip).startsWith("10.42.0.");
        assertThat(ok(kubectl.run("get", "pod", "web")).out()).containsPattern("web\\s+1/1\\s+Running");
        await().atMost(Duration.ofSeconds(10)).until(() -> ok(kubectl.run("get", "events",
                "--field-selector", "involvedObject.name=web")).out().contains("Started"));

        ok(kubectl.run("delete", "pod", "web", "--wait=true", "--timeout=30s"));
        assertThat(kubectl.run("get", "pod", "web").ok()).isFalse();
    }
}
