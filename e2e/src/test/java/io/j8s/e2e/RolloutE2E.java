package io.j8s.e2e;

import static io.j8s.testkit.Kubectl.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.testcluster.PodPlayer;
import io.j8s.testkit.Kubectl;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code kubectl rollout status/history/undo/pause/resume/restart} against {@code j8s server}
 * and its Deployment and ReplicaSet controllers. No agent runs: a {@link PodPlayer} binds the
 * pods and reports them Running and Ready, as a scheduler and a kubelet would.
 */
class RolloutE2E {
    private static final String NS = "rollout";
    @RegisterExtension
    static final RunningServer server = RunningServer.perClass();
    private static Kubectl k;
    private static KubernetesClient client;
    private static PodPlayer pods;

    @BeforeAll
    static void start() throws Exception {
        k = server.kubectl("1.33");
        client = server.client();
        pods = PodPlayer.start(client, "node-a", "node-b");
        ok(k.run("create", "namespace", NS));
        // no ServiceAccount controller on this branch: the pods' account is made by hand
        k.run("-n", NS, "create", "serviceaccount", "default");
    }

    @AfterAll
    static void stop() {
        if (pods != null) {
            pods.close();
        }
        if (client != null) {
            client.close();
        }
    }

    private static String get(String what, String jsonpath) {
        return ok(k.run("-n", NS, "get", what, "-o", "jsonpath=" + jsonpath)).out();
    }

    private static String rolloutStatus() {
        return ok(k.run("-n", NS, "rollout", "status", "deployment/web", "--timeout=50s")).out();
    }

    private static int replicaSets() {
        return get("rs", "{.items[*].metadata.name}").split(" ").length;
    }

    @Test
    void rolloutStatusHistoryUndoPauseResumeRestart() {
        ok(k.input("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  replicas: 3
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                      - name: c
                        image: busybox:1
                """, "-n", NS, "create", "-f", "-"));
        assertThat(rolloutStatus()).contains("deployment \"web\" successfully rolled out");
        assertThat(get("deployment/web", "{.metadata.annotations.deployment\\.kubernetes\\.io/revision}"
                + " {.status.readyReplicas} {.status.availableReplicas}")).isEqualTo("1 3 3");

        ok(k.run("-n", NS, "set", "image", "deployment/web", "c=busybox:2"));
        assertThat(rolloutStatus()).contains("successfully rolled out");
        String history = ok(k.run("-n", NS, "rollout", "history", "deployment/web")).out();
        assertThat(history).contains("REVISION").containsPattern("(?m)^1\\s").containsPattern(
                "(?m)^2\\s");
        assertThat(ok(k.run("-n", NS, "rollout", "history", "deployment/web", "--revision=1"))
                .out()).contains("busybox:1");

        // undo: kubectl writes the old template back; the controller reuses the old ReplicaSet
        assertThat(ok(k.run("-n", NS, "rollout", "undo", "deployment/web")).out())
                .contains("rolled back");
        assertThat(rolloutStatus()).contains("successfully rolled out");
        assertThat(get("deployment/web", "{.spec.template.spec.containers[0].image} "
                + "{.metadata.annotations.deployment\\.kubernetes\\.io/revision}"))
                .isEqualTo("busybox:1 3");
        assertThat(replicaSets()).isEqualTo(2);
        assertThat(ok(k.run("-n", NS, "rollout", "history", "deployment/web")).out())
                .containsPattern("(?m)^2\\s").containsPattern("(?m)^3\\s")
                .doesNotContainPattern("(?m)^1\\s");

        // paused: a new template makes no ReplicaSet, scaling still happens
        ok(k.run("-n", NS, "rollout", "pause", "deployment/web"));
        ok(k.run("-n", NS, "set", "image", "deployment/web", "c=busybox:3"));
        ok(k.run("-n", NS, "scale", "deployment/web", "--replicas=4"));
        await().atMost(Duration.ofSeconds(30)).until(() -> get("deployment/web",
                "{.status.conditions[?(@.type==\"Progressing\")].reason} {.status.replicas}")
                .equals("DeploymentPaused 4"));
        assertThat(get("deployment/web", "{.status.observedGeneration}"))
                .isEqualTo(get("deployment/web", "{.metadata.generation}"));
        assertThat(replicaSets()).isEqualTo(2);
        ok(k.run("-n", NS, "rollout", "resume", "deployment/web"));
        assertThat(rolloutStatus()).contains("successfully rolled out");
        assertThat(replicaSets()).isEqualTo(3);
        assertThat(get("deployment/web", "{.status.updatedReplicas} "
                + "{.metadata.annotations.deployment\\.kubernetes\\.io/revision}"))
                .isEqualTo("4 4");

        // restart: a template annotation, so a new rollout of the same containers
        ok(k.run("-n", NS, "rollout", "restart", "deployment/web"));
        assertThat(rolloutStatus()).contains("successfully rolled out");
        assertThat(replicaSets()).isEqualTo(4);
        assertThat(get("deployment/web", "{.metadata.annotations.deployment\\.kubernetes\\.io/revision}"
                + " {.status.conditions[?(@.type==\"Available\")].reason}"))
                .isEqualTo("5 MinimumReplicasAvailable");
        String events = ok(k.run("-n", NS, "get", "events", "--field-selector",
                "involvedObject.kind=Deployment", "-o", "jsonpath={.items[*].message}")).out();
        assertThat(events).contains("Scaled up replica set web-").contains("Scaled down replica set");
    }
}
