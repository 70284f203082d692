package io.j8s.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.j8s.testcluster.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scheduler against a real API server with Node objects made through the API (no kubelet):
 * nodes n1 (4 CPU), n2 (2 CPU) and n3 (8 CPU, tainted k=v:NoSchedule); stand-in plugins from
 * {@link TestPlugins} with upstream's messages. The last test adds a node.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SchedulerTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static KubernetesClient client;
    private static Scheduler scheduler;

    @BeforeAll
    static void start() throws Exception {
        KubernetesClient admin = cluster.admin();
        node("n1", "4", false);
        node("n2", "2", false);
        node("n3", "8", true);
        Path config = cluster.dir().resolve("scheduler.yaml");
        Files.writeString(config, """
                apiVersion: kubescheduler.config.k8s.io/v1
                kind: KubeSchedulerConfiguration
                profiles:
                - schedulerName: default-scheduler
                  plugins:
                    multiPoint:
                      disabled: [{name: "*"}]
                      enabled:
                      - {name: PrioritySort}
                      - {name: TestTaints}
                      - {name: TestFit, weight: 2}
                      - {name: TestPreemption}
                      - {name: FailOnceBinder}
                      - {name: SlowBinder}
                      - {name: TestPermit}
                      - {name: DefaultBinder}
                """);
        client = cluster.client(TestCluster.SCHEDULER);
        scheduler = Scheduler.builder().client(client).config(config).identity("test-scheduler")
                .plugins(TestPlugins.all()).start();
        assertThat(admin.namespaces().withName("default").get()).isNotNull();
    }

    @AfterAll
    static void stop() {
        if (scheduler != null) {
            scheduler.close();
        }
        if (client != null) {
            client.close();
        }
    }

    @Test
    @Order(1)
    void aPodIsBoundToTheBestNodeWithTheDecisionRecordAndAScheduledEvent() throws Exception {
        create(pod("fits", "1"));
        Pod bound = awaitBound("fits");
        assertThat(bound.getSpec().getNodeName()).isEqualTo("n1");

        JsonNode decision = JSON.readTree(bound.getMetadata().getAnnotations().get("scheduling.j8s.io/decision"));
        assertThat(decision.path("node").asText()).isEqualTo("n1");
        assertThat(decision.path("nodes").asInt()).isEqualTo(3);
        assertThat(decision.path("evaluated").asInt()).isEqualTo(3);
        assertThat(decision.path("feasible").asInt()).isEqualTo(2);
        assertThat(decision.path("filters").path("TestTaints").path("rejected").asInt()).isEqualTo(1);
        assertThat(decision.path("filters").path("TestTaints").path("reasons")
                .path("node(s) had untolerated taint {k: v}").asInt()).isEqualTo(1);
        assertThat(decision.path("top").get(0).path("node").asText()).isEqualTo("n1");
        assertThat(decision.path("top").get(0).path("scores").path("TestFit").asLong())
                .as("weighted: 2 x 75 (3 of 4 CPUs free with the pod)").isEqualTo(150);
        assertThat(decision.path("top").get(1).path("node").asText()).isEqualTo("n2");
        assertThat(bound.getMetadata().getAnnotations().get("scheduling.j8s.io/decision").length())
                .isLessThanOrEqualTo(4096);

        await().atMost(Duration.ofSeconds(10)).until(() -> events("fits").stream().anyMatch(e ->
                "Scheduled".equals(e.getReason()) && "Normal".equals(e.getType())
                        && "Successfully assigned default/fits to n1".equals(e.getMessage())));
    }

    @Test
    @Order(2)
    void aPodThatFitsNowhereGetsUpstreamsConditionEventAndTheLastAttemptsVerdicts() throws Exception {
        create(pod("too-big", "5"));
        String message = "0/3 nodes are available: 1 node(s) had untolerated taint {k: v}, 2 Insufficient cpu."
                + " preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            PodCondition c = condition(get("too-big"));
            assertThat(c).isNotNull();
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("Unschedulable");
            assertThat(c.getMessage()).isEqualTo(message);
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> events("too-big").stream().anyMatch(e ->
                "FailedScheduling".equals(e.getReason()) && "Warning".equals(e.getType())
                        && message.equals(e.getMessage())));
        await().atMost(Duration.ofSeconds(10)).until(() -> get("too-big").getMetadata().getAnnotations() != null
                && get("too-big").getMetadata().getAnnotations().containsKey("scheduling.j8s.io/last-attempt"));
        JsonNode last = JSON.readTree(get("too-big").getMetadata().getAnnotations().get("scheduling.j8s.io/last-attempt"));
        assertThat(last.path("verdicts")).hasSize(3);
        assertThat(last.path("verdicts").get(0).path("node").asText()).isEqualTo("n1");
        assertThat(last.path("verdicts").get(0).path("plugin").asText()).isEqualTo("TestFit");
        assertThat(last.path("verdicts").get(0).path("reason").asText()).isEqualTo("Insufficient cpu");
        assertThat(last.path("verdicts").get(2).path("plugin").asText()).isEqualTo("TestTaints");
        await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.queueSizes().get("unschedulable") == 1);
    }

    @Test
    @Order(3)
    void aPodOfAnotherSchedulerIsLeftAlone() {
        create(new PodBuilder(pod("others", "1")).editSpec().withSchedulerName("my-scheduler").endSpec().build());
        create(pod("ours", "1"));
        awaitBound("ours");
        Pod others = get("others");
        assertThat(others.getSpec().getNodeName()).isNull();
        assertThat(condition(others)).isNull();
        assertThat(events("others")).isEmpty();
    }

    @Test
    @Order(4)
    void aFailedBindingUnassumesThePodAndRetriesItAfterBackOff() {
        create(new PodBuilder(pod("flaky", "1")).editMetadata().addToLabels("fail-once", "yes")
                .endMetadata().build());
        Pod bound = awaitBound("flaky");
        assertThat(bound.getSpec().getNodeName()).isIn("n1", "n2");
        await().atMost(Duration.ofSeconds(10)).until(() -> events("flaky").stream().anyMatch(e ->
                "FailedScheduling".equals(e.getReason())
                        && e.getMessage().startsWith("Binding rejected: the API server said no (test)")));
        assertThat(scheduler.cachedPods()).as("fits, ours, flaky; each once").isEqualTo(3);
    }

    @Test
    @Order(5)
    void theNextPodIsScheduledWhileABindingIsInFlight() {
        create(new PodBuilder(pod("slow", "1")).editMetadata().addToLabels("slow", "yes").endMetadata().build());
        create(pod("quick", "1"));
        awaitBound("quick");
        assertThat(get("slow").getSpec().getNodeName()).as("its binding is still held").isNull();
        TestPlugins.RELEASE_SLOW.countDown();
        awaitBound("slow");
    }

    @Test
    @Order(5)
    void aPodWaitingInPermitIsBoundWhenAllowedAndRequeuedWhenItTimesOut() {
        create(new PodBuilder(pod("gated", "100m")).editMetadata().addToLabels("gate", "300").endMetadata().build());
        String uid = get("gated").getMetadata().getUid();
        await().atMost(Duration.ofSeconds(10)).until(() -> TestPlugins.HANDLE.get().waitingPod(uid) != null);
        assertThat(get("gated").getSpec().getNodeName()).isNull();
        TestPlugins.HANDLE.get().waitingPod(uid).allow("TestPermit");
        awaitBound("gated");

        create(new PodBuilder(pod("timed-out", "100m")).editMetadata().addToLabels("gate", "1").endMetadata().build());
        await().atMost(Duration.ofSeconds(10)).until(() -> events("timed-out").stream().anyMatch(e ->
                "FailedScheduling".equals(e.getReason())
                        && "rejected due to timeout after waiting 1s at plugin TestPermit".equals(e.getMessage())));
        assertThat(get("timed-out").getSpec().getNodeName()).isNull();
        cluster.admin().pods().inNamespace("default").withName("timed-out").delete();
    }

    @Test
    @Order(5)
    void aPostFilterNominationSetsTheNominatedNodeName() {
        create(new PodBuilder(pod("huge", "50")).editMetadata().addToLabels("nominate", "n2").endMetadata().build());
        await().atMost(Duration.ofSeconds(10)).until(() -> "n2".equals(get("huge").getStatus().getNominatedNodeName()));
        assertThat(condition(get("huge")).getMessage())
                .isEqualTo("0/3 nodes are available: 1 node(s) had untolerated taint {k: v}, 2 Insufficient cpu.");
        cluster.admin().pods().inNamespace("default").withName("huge").delete();
    }

    @Test
    @Order(5)
    void theSchedulerHoldsTheLease() {
        var lease = cluster.admin().leases().inNamespace("kube-system").withName("kube-scheduler").get();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("test-scheduler");
    }

    @Test
    @Order(6)
    void aBadConfigurationNamesTheField() throws Exception {
        Path bad = cluster.dir().resolve("bad.yaml");
        Files.writeString(bad, """
                apiVersion: kubescheduler.config.k8s.io/v1
                kind: KubeSchedulerConfiguration
                profiles:
                - schedulerName: default-scheduler
                  plugins:
                    score:
                      enabled: [{name: DefaultBinder, weight: -3}]
                """);
        assertThatThrownBy(() -> Scheduler.checkConfig(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("profiles[0].plugins.score.enabled[0].weight: Invalid value: -3");
        Files.writeString(bad, "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n"
                + "profiles:\n- schedulerName: x\n  plugins:\n    filter:\n      enabled: [{name: NodeFitz}]\n");
        assertThatThrownBy(() -> Scheduler.builder().client(client).config(bad).start())
                .hasMessageContaining("profiles[0].plugins.filter.enabled[0].name: Invalid value: \"NodeFitz\"");
    }

    @Test
    @Order(7)
    void addingANodeWhereItFitsSchedulesTheUnschedulablePod() {
        node("n4", "8", false);
        assertThat(awaitBound("too-big").getSpec().getNodeName()).isEqualTo("n4");
    }

    private static void node(String name, String cpu, boolean tainted) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name).endMetadata();
        if (tainted) {
            b.withNewSpec().addNewTaint().withKey("k").withValue("v").withEffect("NoSchedule").endTaint().endSpec();
        }
        cluster.admin().nodes().resource(b.build()).create();
        cluster.admin().nodes().withName(name).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"status\":{\"allocatable\":{\"cpu\":\"" + cpu + "\",\"memory\":\"8Gi\",\"pods\":\"110\"},"
                        + "\"capacity\":{\"cpu\":\"" + cpu + "\",\"memory\":\"8Gi\",\"pods\":\"110\"}}}");
        Node n = cluster.admin().nodes().withName(name).get();
        assertThat(n.getStatus().getAllocatable()).containsKey("cpu");
    }

    private static Pod pod(String name, String cpu) {
        Pod p = TestPods.pod(name, cpu);
        p.getMetadata().setUid(null);
        return p;
    }

    private static void create(Pod pod) {
        cluster.admin().pods().inNamespace("default").resource(pod).create();
    }

    private static Pod get(String name) {
        return cluster.admin().pods().inNamespace("default").withName(name).get();
    }

    private static Pod awaitBound(String name) {
        await().atMost(Duration.ofSeconds(15)).until(() -> get(name).getSpec().getNodeName() != null);
        return get(name);
    }

    private static PodCondition condition(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getConditions() == null ? null
                : pod.getStatus().getConditions().stream().filter(c -> "PodScheduled".equals(c.getType()))
                        .findFirst().orElse(null);
    }

    private static List<Event> events(String pod) {
        return cluster.admin().v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> pod.equals(e.getInvolvedObject().getName())).toList();
    }
}
