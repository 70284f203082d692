package io.j8s.controllers.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.componentbase.events.EventRecorder;
import io.j8s.componentbase.informers.SharedInformers;
import io.j8s.controllers.ControllerContext;
import io.j8s.testcluster.TestCluster;
import io.j8s.testkit.TestClock;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The node lifecycle controller's sync against a real API server, driven by a fake clock: a
 * node that stops posting goes Unknown after 40 s and is tainted, its pods go when their
 * tolerations run out, a node back to Ready loses its taints, a cordoned node is tainted
 * unschedulable, and new NoExecute taints come at 0.1 nodes a second.
 */
class NodeLifecycleControllerTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();
    KubernetesClient cm;
    SharedInformers informers;
    TestClock clock;
    NodeLifecycleController controller;
    static int nodes;

    @BeforeEach
    void build() {
        cm = cluster.client(TestCluster.CONTROLLER_MANAGER);
        informers = new SharedInformers(cm);
        clock = new TestClock();
        controller = new NodeLifecycleController(new ControllerContext(cm, informers, clock,
                c -> EventRecorder.start(cm, c, null, clock)));
        informers.start(Duration.ofSeconds(30));
    }

    @AfterEach
    void close() {
        controller.close();
        informers.close();
        cm.close();
    }

    private String node(String ready) {
        String name = "n" + (++nodes) + "-" + ready.toLowerCase();
        cluster.admin().nodes().resource(new NodeBuilder().withNewMetadata().withName(name)
                .endMetadata().build()).create();
        post(name, ready);
        return name;
    }

    /** Plays the kubelet: a fresh heartbeat with that Ready status. */
    private void post(String name, String ready) {
        String at = clock.instant().toString();
        cluster.admin().nodes().withName(name).editStatus(n -> new NodeBuilder(n).editOrNewStatus()
                .withConditions(List.of(
                        condition("Ready", ready, at), condition("MemoryPressure", "False", at)))
                .endStatus().build());
        awaitNode(name, n -> n.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Ready") && c.getLastHeartbeatTime().equals(at)
                        && c.getStatus().equals(ready)));
    }

    private static NodeCondition condition(String type, String status, String at) {
        return new io.fabric8.kubernetes.api.model.NodeConditionBuilder().withType(type)
                .withStatus(status).withReason("Kubelet").withLastHeartbeatTime(at)
                .withLastTransitionTime(at).build();
    }

    private Pod pod(String node, String name, Long tolerationSeconds) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace("default")
                .endMetadata().withNewSpec().withNodeName(node).addNewContainer().withName("c")
                .withImage("pause").endContainer().endSpec();
        if (tolerationSeconds != null) {
            b.editSpec().addToTolerations(new TolerationBuilder()
                    .withKey(Taints.UNREACHABLE).withOperator("Exists").withEffect("NoExecute")
                    .withTolerationSeconds(tolerationSeconds < 0 ? null : tolerationSeconds)
                    .build()).endSpec();
        }
        cluster.admin().pods().resource(b.build()).create();
        cluster.admin().pods().inNamespace("default").withName(name).editStatus(p ->
                new PodBuilder(p).editOrNewStatus().withPhase("Running").addNewCondition()
                        .withType("Ready").withStatus("True").endCondition().endStatus().build());
        await().until(() -> {
            Pod p = informers.get(Pod.class, "default", name);
            return p != null && p.getStatus().getConditions() != null
                    && !p.getStatus().getConditions().isEmpty();
        });
        return cluster.admin().pods().inNamespace("default").withName(name).get();
    }

    private void awaitNode(String name, Predicate<Node> p) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Node n = informers.get(Node.class, "", name);
            return n != null && p.test(n);
        });
    }

    private void sync(String name) {
        controller.sync(name);
        // The next sync reads what this one wrote, as the real one does a moment later.
        Node live = cluster.admin().nodes().withName(name).get();
        awaitNode(name, n -> n.getMetadata().getResourceVersion()
                .equals(live.getMetadata().getResourceVersion()));
    }

    private Node live(String name) {
        return cluster.admin().nodes().withName(name).get();
    }

    private static String ready(Node n) {
        return n.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready"))
                .findFirst().orElseThrow().getStatus();
    }

    private static List<String> taints(Node n) {
        return Taints.of(n).stream().map(t -> t.getKey() + ":" + t.getEffect()).toList();
    }

    private static boolean evicted(String pod) {
        Pod p = cluster.admin().pods().inNamespace("default").withName(pod).get();
        return p == null || p.getMetadata().getDeletionTimestamp() != null;
    }

    @Test
    void aSilentNodeGoesUnknownIsTaintedAndItsPodsAreEvictedAsTheirTolerationsRunOut() {
        String n = node("True");
        pod(n, n + "-default", null);
        pod(n, n + "-sixty", 60L);
        pod(n, n + "-forever", -1L);
        sync(n);
        clock.advance(Duration.ofSeconds(39));
        sync(n);
        assertThat(ready(live(n))).isEqualTo("True");
        assertThat(taints(live(n))).isEmpty();

        clock.advance(Duration.ofSeconds(2));
        sync(n);
        Node node = live(n);
        assertThat(node.getStatus().getConditions()).allSatisfy(c -> {
            assertThat(c.getStatus()).isEqualTo("Unknown");
            assertThat(c.getReason()).isEqualTo("NodeStatusUnknown");
            assertThat(c.getMessage()).isEqualTo("Kubelet stopped posting node status.");
        });
        assertThat(taints(node)).containsExactlyInAnyOrder(Taints.UNREACHABLE + ":NoExecute",
                Taints.UNREACHABLE + ":NoSchedule");
        Pod p = cluster.admin().pods().inNamespace("default").withName(n + "-default").get();
        assertThat(p.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getStatus()).isEqualTo("False");
        });
        assertThat(evicted(n + "-sixty")).isFalse();

        clock.advance(Duration.ofSeconds(60));
        sync(n);
        assertThat(evicted(n + "-sixty")).isTrue();
        assertThat(evicted(n + "-default")).isFalse();

        clock.advance(Duration.ofSeconds(240));
        sync(n);
        assertThat(evicted(n + "-default")).isTrue();
        assertThat(evicted(n + "-forever")).isFalse();
        assertThat(cluster.admin().pods().inNamespace("default").withName(n + "-sixty").get()
                .getStatus().getConditions()).anySatisfy(c -> {
                    assertThat(c.getType()).isEqualTo("DisruptionTarget");
                    assertThat(c.getReason()).isEqualTo("DeletionByTaintManager");
                });
    }

    @Test
    void aNodeThatNeverPostedIsLeftAloneForTheGracePeriodThenUnknown() {
        String n = "never-" + (++nodes);
        cluster.admin().nodes().resource(new NodeBuilder().withNewMetadata().withName(n)
                .endMetadata().build()).create();
        awaitNode(n, x -> true);
        sync(n);
        assertThat(taints(live(n))).isEmpty();
        clock.advance(Duration.ofSeconds(41));
        sync(n);
        Node node = live(n);
        assertThat(node.getStatus().getConditions()).singleElement().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("Unknown");
            assertThat(c.getReason()).isEqualTo("NodeStatusNeverUpdated");
        });
        assertThat(taints(node)).contains(Taints.UNREACHABLE + ":NoSchedule");
    }

    @Test
    void aNodeBackToReadyLosesItsTaints() {
        String n = node("True");
        sync(n);
        clock.advance(Duration.ofSeconds(41));
        sync(n);
        assertThat(taints(live(n))).contains(Taints.UNREACHABLE + ":NoExecute");
        post(n, "True");
        sync(n);
        assertThat(ready(live(n))).isEqualTo("True");
        assertThat(taints(live(n))).isEmpty();
    }

    @Test
    void aNotReadyNodeIsTaintedNotReady() {
        String n = node("False");
        sync(n);
        assertThat(taints(live(n))).containsExactlyInAnyOrder(Taints.NOT_READY + ":NoExecute",
                Taints.NOT_READY + ":NoSchedule");
        clock.advance(Duration.ofSeconds(5));
        post(n, "True");
        sync(n);
        assertThat(taints(live(n))).isEmpty();
    }

    @Test
    void aCordonedNodeIsTaintedUnschedulable() {
        String n = node("True");
        cluster.admin().nodes().withName(n).edit(x -> new NodeBuilder(x).editSpec()
                .withUnschedulable(true).endSpec().build());
        awaitNode(n, x -> Boolean.TRUE.equals(x.getSpec().getUnschedulable()));
        sync(n);
        assertThat(taints(live(n))).containsExactly(Taints.UNSCHEDULABLE + ":NoSchedule");
        cluster.admin().nodes().withName(n).edit(x -> new NodeBuilder(x).editSpec()
                .withUnschedulable(false).endSpec().build());
        awaitNode(n, x -> !Boolean.TRUE.equals(x.getSpec().getUnschedulable()));
        sync(n);
        assertThat(taints(live(n))).isEmpty();
    }

    @Test
    void newNoExecuteTaintsComeAtTheEvictionRate() {
        String a = node("False");
        String b = node("False");
        sync(a);
        sync(b);
        assertThat(taints(live(a))).contains(Taints.NOT_READY + ":NoExecute");
        assertThat(taints(live(b))).doesNotContain(Taints.NOT_READY + ":NoExecute")
                .contains(Taints.NOT_READY + ":NoSchedule");
        clock.advance(Duration.ofSeconds(10));
        sync(b);
        assertThat(taints(live(b))).contains(Taints.NOT_READY + ":NoExecute");
        List<Taint> t = Taints.of(live(b));
        assertThat(t).filteredOn(x -> x.getEffect().equals("NoExecute"))
                .allSatisfy(x -> assertThat(x.getTimeAdded()).isEqualTo(clock.instant().toString()));
    }
}
