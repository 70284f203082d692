package io.j8s.e2e;

import static io.j8s.testkit.Kubectl.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A real node's server stopped and started again on its data directory keeps its containers. */
class RealContainersRestartIT {
    private static final String C0 = ".status.containerStatuses[0]";

    @RegisterExtension
    static final RealNode node = new RealNode("real-restart");

    @Test
    void aRestartedKubeletKeepsTheRunningContainers() throws Exception {
        node.apply(node.pod("survivor", "mkdir -p /www && echo still here > /www/index.html"
                + " && exec httpd -f -p 8080 -h /www", ""));
        try {
            String ip = node.awaitReady("survivor");
            String id = node.pod("survivor", C0 + ".containerID");
            assertThat(id).startsWith("containerd://");
            String startedAt = node.pod("survivor", C0 + ".state.running.startedAt");

            node.restart();

            assertThat(node.awaitReady("survivor")).isEqualTo(ip);
            assertThat(node.pod("survivor", C0 + ".containerID")).isEqualTo(id);
            assertThat(node.pod("survivor", C0 + ".restartCount")).isEqualTo("0");
            assertThat(node.pod("survivor", C0 + ".state.running.startedAt")).isEqualTo(startedAt);
            // the pod's status is still the one from before the restart: exec once the kubelet
            // API listens again
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(ok(
                    node.kubectl().run("exec", "survivor", "--", "timeout", "5", "wget", "-qO-",
                            "http://" + ip + ":8080/")).out()).isEqualTo("still here\n"));
        } finally {
            node.delete("survivor");
        }
    }
}
