package io.j8s.e2e;

import static io.j8s.testkit.Kubectl.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How a real node keeps containers alive and says why they are not: crash-loop back-off, liveness
 * restarts, readiness gating, the OOM killer, and the upstream reasons, messages and events for
 * bad input (a missing image, an unknown command, a missing configMap key, a missing hostPath).
 */
class RealContainersLifecycleIT {
    private static final String C0 = ".status.containerStatuses[0]";

    @RegisterExtension
    static final RealNode node = new RealNode("real-life");

    @Test
    void aCrashingContainerBacksOffAndItsRestartCountGrows() {
        node.apply(node.pod("crash", "exit 1", ""));
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> node.pod("crash", C0 + ".state.waiting.reason")
                            .equals("CrashLoopBackOff"));
            assertThat(node.pod("crash", C0 + ".lastState.terminated.exitCode")).isEqualTo("1");
            assertThat(node.pod("crash", C0 + ".state.waiting.message"))
                    .contains("back-off", "restarting failed container=c pod=crash_default");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> restarts("crash") >= 2);
            assertThat(node.events("crash")).contains("BackOff");
            assertThat(node.pod("crash", ".status.phase")).isEqualTo("Running");
        } finally {
            node.delete("crash");
        }
    }

    @Test
    void aFailingLivenessProbeRestartsTheContainer() {
        node.apply(node.pod("unwell", "sleep 3600", """
                    livenessProbe:
                      exec: {command: ["cat", "/tmp/healthy"]}
                      periodSeconds: 1
                      failureThreshold: 2
                """));
        node.apply(node.pod("unwell-http", "sleep 3600", """
                    livenessProbe:
                      httpGet: {path: /, port: 8080}
                      periodSeconds: 1
                      failureThreshold: 2
                """));
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> restarts("unwell") >= 1 && restarts("unwell-http") >= 1);
            assertThat(node.events("unwell")).contains("Unhealthy", "Liveness probe failed",
                    "Killing", "failed liveness probe, will be restarted");
            assertThat(node.events("unwell-http")).contains("Unhealthy", "Killing");
        } finally {
            node.delete("unwell", "unwell-http");
        }
    }

    @Test
    void readinessGatesTheReadyConditionUntilTheProbePasses() {
        node.apply(node.pod("gated", "sleep 3600", """
                    readinessProbe:
                      exec: {command: ["cat", "/tmp/ready"]}
                      periodSeconds: 1
                """));
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                    .until(() -> node.pod("gated", C0 + ".started").equals("true"));
            assertThat(node.pod("gated", ".status.phase")).isEqualTo("Running");
            assertThat(node.pod("gated", C0 + ".ready")).isEqualTo("false");
            assertThat(node.pod("gated", ".status.conditions[?(@.type==\"Ready\")].status"))
                    .isEqualTo("False");
            assertThat(node.pod("gated", ".status.conditions[?(@.type==\"ContainersReady\")]"
                    + ".status")).isEqualTo("False");

            ok(node.kubectl().run("exec", "gated", "--", "touch", "/tmp/ready"));
            node.awaitReady("gated");
            assertThat(node.pod("gated", C0 + ".ready")).isEqualTo("true");
            assertThat(restarts("gated")).isZero();
        } finally {
            node.delete("gated");
        }
    }

    @Test
    void aContainerOverItsMemoryLimitIsOomKilled() {
        node.apply(node.pod("hungry", "Never", "dd if=/dev/zero of=/dev/null bs=64M count=1", """
                    resources:
                      limits: {memory: 16Mi}
                """, ""));
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> node.pod("hungry", C0 + ".state.terminated.reason")
                            .equals("OOMKilled"));
            assertThat(node.pod("hungry", C0 + ".state.terminated.exitCode")).isEqualTo("137");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> node.pod("hungry", ".status.phase").equals("Failed"));
        } finally {
            node.delete("hungry");
        }
    }

    @Test
    void badInputGivesTheUpstreamReasonsMessagesAndEvents() {
        node.apply(node.pod("noimage", "sleep 3600", "").replace("image: busybox:j8s",
                "image: 127.0.0.1:1/j8s/missing:1"));
        node.apply(node.pod("nocommand", "x", "").replace(
                "command: [\"sh\", \"-c\", \"x\"]", "command: [\"/no/such/binary\"]"));
        node.apply("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: partial
                data:
                  present: "yes"
                """);
        node.apply(node.pod("nokey", "sleep 3600", """
                    env:
                    - name: MISSING
                      valueFrom:
                        configMapKeyRef: {name: partial, key: absent}
                """));
        node.apply(node.pod("nohostpath", "Always", "sleep 3600", """
                    volumeMounts:
                    - {name: host, mountPath: /host}
                """, """
                  volumes:
                  - name: host
                    hostPath: {path: /no/such/j8s/dir, type: Directory}
                """));
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> node.pod("noimage", C0 + ".state.waiting.reason")
                            .equals("ImagePullBackOff"));
            assertThat(node.pod("noimage", C0 + ".state.waiting.message"))
                    .contains("127.0.0.1:1/j8s/missing:1");
            assertThat(node.events("noimage")).contains("Failed", "ErrImagePull",
                    "127.0.0.1:1/j8s/missing:1", "BackOff");

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> node.pod("nokey", C0 + ".state.waiting.reason")
                            .equals("CreateContainerConfigError"));
            assertThat(node.pod("nokey", C0 + ".state.waiting.message"))
                    .isEqualTo("couldn't find key absent in ConfigMap default/partial");
            assertThat(node.events("nokey")).contains("Failed",
                    "couldn't find key absent in ConfigMap default/partial");

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> node.events("nohostpath").contains("FailedMount"));
            assertThat(node.events("nohostpath")).contains("/no/such/j8s/dir");
            assertThat(node.pod("nohostpath", ".status.phase")).isEqualTo("Pending");

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> node.pod("nocommand", C0 + ".lastState.terminated.reason")
                            .equals("StartError"));
            assertThat(node.pod("nocommand", C0 + ".lastState.terminated.message"))
                    .contains("/no/such/binary");
            assertThat(node.pod("nocommand", C0 + ".lastState.terminated.exitCode"))
                    .isEqualTo("128");
            assertThat(node.events("nocommand")).contains("Failed", "/no/such/binary");

            // nothing crashed: the node is Ready and still runs a pod
            node.apply(node.pod("fine", "sleep 3600", ""));
            assertThat(node.awaitReady("fine")).startsWith("10.42.");
        } finally {
            node.delete("noimage", "nocommand", "nokey", "nohostpath", "fine");
            node.kubectl().run("delete", "configmap", "partial");
        }
    }

    private static int restarts(String pod) {
        String n = node.pod(pod, C0 + ".restartCount");
        return n.isEmpty() ? 0 : Integer.parseInt(n);
    }
}
