package io.j8s.e2e;

import static io.j8s.testkit.Kubectl.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.j8s.testkit.Kubectl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code j8s server --runtime sim} schedules: a bare pod applied with kubectl, without a node
 * name, is bound to the server's own node by the in-process scheduler, and
 * {@code j8s explain pod} prints the decision.
 */
class SchedulerE2E {
    private static final String NODE = "sched-e2e";
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
    void aBarePodIsBoundToTheNodeAndExplainShowsWhy() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> kubectl.run("get", "node", NODE,
                "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}").out().equals("True"));
        ok(kubectl.input("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  containers:
                  - {name: c, image: "busybox:1.36", resources: {requests: {cpu: 100m}}}
                """, "apply", "-f", "-"));
        await().atMost(Duration.ofSeconds(30)).until(() -> kubectl.run("get", "pod", "web", "-o",
                "jsonpath={.spec.nodeName}").out().equals(NODE));
        await().atMost(Duration.ofSeconds(10)).until(() -> ok(kubectl.run("get", "events",
                "--field-selector", "involvedObject.name=web")).out()
                .contains("Successfully assigned default/web to " + NODE));

        String explained = j8s("explain", "pod", "web", "-n", "default",
                "--kubeconfig", server.kubeconfig().toString());
        assertThat(explained).contains("Pod default/web: bound to " + NODE)
                .contains("1 nodes, 1 evaluated, 1 feasible").contains("CANDIDATE");
    }

    private static String j8s(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                Path.of("../cli/target/j8s.jar").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
