package io.j8s.controllers.daemonset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.controllers.ControllerManager;
import io.j8s.controllers.KubeletStandIn;
import io.j8s.testcluster.TestCluster;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The DaemonSet controller in the controller manager against a real API server. */
class DaemonSetControllerTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String NS = "agents";
    private static KubernetesClient cm;
    private static ControllerManager manager;

    @BeforeAll
    static void start() {
        cm = cluster.client(TestCluster.CONTROLLER_MANAGER);
        manager = ControllerManager.builder().client(cm).allocateNodeCidrs(false)
                .controllers(Set.of("daemonset")).start();
        cluster.admin().namespaces().resource(new NamespaceBuilder().withNewMetadata()
                .withName(NS).endMetadata().build()).create();
    }

    @AfterAll
    static void stop() {
        manager.close();
        cm.close();
    }

    private static KubernetesClient admin() {
        return cluster.admin();
    }

    /** Node name to the image of the pods there. */
    private static Map<String, String> podsByNode() {
        return admin().pods().inNamespace(NS).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .collect(Collectors.toMap(DaemonPods::nodeOf,
                        p -> p.getSpec().getContainers().getFirst().getImage(), (a, b) -> a + ","
                                + b));
    }

    private static DaemonSet ds() {
        return admin().apps().daemonSets().inNamespace(NS).withName("agent").get();
    }

    @Test
    void oneReadyPodPerEligibleNodeFollowingNodesAsTheyComeAndGoAndARollingUpdate() {
        KubeletStandIn.addNode(admin(), "a", Map.of("role", "worker"));
        KubeletStandIn.addNode(admin(), "b", Map.of("role", "worker"));
        KubeletStandIn.addNode(admin(), "db", Map.of("role", "worker"), new TaintBuilder()
                .withKey("dedicated").withValue("db").withEffect("NoSchedule").build());
        KubeletStandIn.addNode(admin(), "edge", Map.of("role", "edge"));
        KubeletStandIn.addNode(admin(), "cordoned", Map.of("role", "worker"),
                new TaintBuilder().withKey("node.kubernetes.io/unschedulable")
                        .withEffect("NoSchedule").build());
        try (KubeletStandIn kubelet = KubeletStandIn.start(admin(), NS)) {
            admin().apps().daemonSets().inNamespace(NS).resource(new DaemonSetBuilder()
                    .withNewMetadata().withName("agent").endMetadata().withNewSpec()
                    .withNewSelector().addToMatchLabels("app", "agent").endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", "agent").endMetadata()
                    .withNewSpec().withNodeSelector(Map.of("role", "worker")).addNewContainer()
                    .withName("agent").withImage("agent:1").endContainer().endSpec()
                    .endTemplate().endSpec().build()).create();
            await().atMost(WAIT).until(() -> ds().getStatus() != null
                    && Integer.valueOf(3).equals(ds().getStatus().getNumberAvailable()));
            assertThat(podsByNode()).isEqualTo(Map.of("a", "agent:1", "b", "agent:1",
                    "cordoned", "agent:1"));
            var status = ds().getStatus();
            assertThat(status.getDesiredNumberScheduled()).isEqualTo(3);
            assertThat(status.getCurrentNumberScheduled()).isEqualTo(3);
            assertThat(status.getUpdatedNumberScheduled()).isEqualTo(3);
            assertThat(status.getNumberReady()).isEqualTo(3);
            assertThat(status.getNumberMisscheduled()).isZero();
            assertThat(status.getNumberUnavailable()).isZero();
            assertThat(status.getObservedGeneration()).isEqualTo(1L);
            Pod onA = admin().pods().inNamespace(NS).list().getItems().stream()
                    .filter(p -> "a".equals(p.getSpec().getNodeName())).findFirst().orElseThrow();
            assertThat(onA.getSpec().getTolerations()).extracting("key")
                    .contains("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable");

            KubeletStandIn.addNode(admin(), "c", Map.of("role", "worker"));
            await().atMost(WAIT).until(() -> podsByNode().containsKey("c"));
            admin().nodes().withName("a").delete();
            await().atMost(WAIT).until(() -> !podsByNode().containsKey("a"));
            // the edge node takes the worker label: its pod comes; a label gone takes it away
            KubeletStandIn.edit(admin().nodes().withName("edge"), n -> {
                n.getMetadata().getLabels().put("role", "worker");
                return n;
            });
            KubeletStandIn.edit(admin().nodes().withName("b"), n -> {
                n.getMetadata().getLabels().put("role", "edge");
                return n;
            });
            await().atMost(WAIT).until(() -> podsByNode().keySet()
                    .equals(Set.of("c", "edge", "cordoned")));

            Pod onC = admin().pods().inNamespace(NS).list().getItems().stream()
                    .filter(p -> "c".equals(p.getSpec().getNodeName())).findFirst().orElseThrow();
            KubeletStandIn.editStatus(admin().pods().inNamespace(NS).withName(onC.getMetadata().getName()), p -> {
                p.getStatus().setPhase("Failed");
                return p;
            });
            await().atMost(WAIT).until(() -> admin().pods().inNamespace(NS).list().getItems()
                    .stream().anyMatch(p -> "c".equals(DaemonPods.nodeOf(p))
                            && !p.getMetadata().getName().equals(onC.getMetadata().getName())));
            await().atMost(WAIT).until(() -> admin().v1().events().inNamespace(NS).list()
                    .getItems().stream().anyMatch(e -> "FailedDaemonPod".equals(e.getReason())
                            && e.getMessage().contains(onC.getMetadata().getName())));

            KubeletStandIn.edit(admin().apps().daemonSets().inNamespace(NS).withName("agent"), d -> {
                d.getSpec().getTemplate().getSpec().getContainers().getFirst()
                        .setImage("agent:2");
                return d;
            });
            await().atMost(WAIT).until(() -> ds().getStatus().getObservedGeneration() == 2
                    && Integer.valueOf(3).equals(ds().getStatus().getUpdatedNumberScheduled())
                    && Integer.valueOf(3).equals(ds().getStatus().getNumberAvailable()));
            assertThat(podsByNode()).isEqualTo(Map.of("c", "agent:2", "edge", "agent:2",
                    "cordoned", "agent:2"));
            assertThat(admin().apps().controllerRevisions().inNamespace(NS).list().getItems())
                    .hasSize(2);
        }
    }

    @Test
    void withMaxSurgeANewPodStartsBesideTheOldOneWhichGoesOnlyOnceTheNewOneIsAvailable() {
        String ns = "surge";
        admin().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                .endMetadata().build()).create();
        KubeletStandIn.addNode(admin(), "s1", Map.of("role", "surge"));
        KubeletStandIn.addNode(admin(), "s2", Map.of("role", "surge"));
        var sets = admin().apps().daemonSets().inNamespace(ns);
        try (KubeletStandIn kubelet = KubeletStandIn.start(admin(), ns)) {
            sets.resource(new DaemonSetBuilder().withNewMetadata().withName("proxy")
                    .endMetadata().withNewSpec().withRevisionHistoryLimit(0)
                    .withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate()
                    .withMaxSurge(new IntOrString(1)).withMaxUnavailable(new IntOrString(0))
                    .endRollingUpdate().endUpdateStrategy()
                    .withNewSelector().addToMatchLabels("app", "proxy").endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", "proxy").endMetadata()
                    .withNewSpec().withNodeSelector(Map.of("role", "surge")).addNewContainer()
                    .withName("proxy").withImage("proxy:1").endContainer().endSpec()
                    .endTemplate().endSpec().build()).create();
            await().atMost(WAIT).until(() -> Integer.valueOf(2).equals(
                    sets.withName("proxy").get().getStatus().getNumberAvailable()));

            kubelet.holdReadiness(true);
            KubeletStandIn.edit(sets.withName("proxy"), d -> {
                d.getSpec().getTemplate().getSpec().getContainers().getFirst()
                        .setImage("proxy:2");
                return d;
            });
            await().atMost(WAIT).until(() -> images(ns).size() == 3);
            Pod surged = admin().pods().inNamespace(ns).list().getItems().stream()
                    .filter(p -> image(p).equals("proxy:2")).findFirst().orElseThrow();
            String node = DaemonPods.nodeOf(surged);
            assertThat(images(ns)).containsExactlyInAnyOrder("proxy:1", "proxy:1", "proxy:2");

            kubelet.markReady(surged.getMetadata().getName());
            await().atMost(WAIT).until(() -> admin().pods().inNamespace(ns).list().getItems()
                    .stream().noneMatch(p -> node.equals(DaemonPods.nodeOf(p))
                            && image(p).equals("proxy:1")));
            kubelet.holdReadiness(false);
            await().atMost(WAIT).until(() -> images(ns).equals(java.util.List.of("proxy:2",
                    "proxy:2")) && Integer.valueOf(2).equals(sets.withName("proxy").get()
                            .getStatus().getNumberAvailable()));
            await().atMost(WAIT).until(() -> admin().apps().controllerRevisions().inNamespace(ns)
                    .list().getItems().size() == 1);
        }
    }

    private static String image(Pod p) {
        return p.getSpec().getContainers().getFirst().getImage();
    }

    private static java.util.List<String> images(String ns) {
        return admin().pods().inNamespace(ns).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .map(DaemonSetControllerTest::image).sorted().toList();
    }

    @Test
    void anOrphanPodItsSelectorMatchesIsAdoptedInsteadOfASecondPodBeingMade() {
        String ns = "adopt";
        admin().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                .endMetadata().build()).create();
        KubeletStandIn.addNode(admin(), "ad1", Map.of("role", "adopt"));
        try (KubeletStandIn kubelet = KubeletStandIn.start(admin(), ns)) {
            admin().pods().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model
                    .PodBuilder().withNewMetadata().withName("stray")
                    .addToLabels("app", "logs").endMetadata().withNewSpec().withNodeName("ad1")
                    .addNewContainer().withName("logs").withImage("logs:1").endContainer()
                    .endSpec().build()).create();
            var sets = admin().apps().daemonSets().inNamespace(ns);
            sets.resource(new DaemonSetBuilder().withNewMetadata().withName("logs")
                    .endMetadata().withNewSpec().withNewUpdateStrategy().withType("OnDelete")
                    .endUpdateStrategy().withNewSelector().addToMatchLabels("app", "logs")
                    .endSelector().withNewTemplate().withNewMetadata().addToLabels("app", "logs")
                    .endMetadata().withNewSpec().withNodeSelector(Map.of("role", "adopt"))
                    .addNewContainer().withName("logs").withImage("logs:1").endContainer()
                    .endSpec().endTemplate().endSpec().build()).create();
            await().atMost(WAIT).until(() -> sets.withName("logs").get().getStatus() != null
                    && Integer.valueOf(1).equals(sets.withName("logs").get().getStatus()
                            .getNumberAvailable()));
            assertThat(admin().pods().inNamespace(ns).list().getItems())
                    .extracting(p -> p.getMetadata().getName()).containsExactly("stray");
            assertThat(admin().pods().inNamespace(ns).withName("stray").get().getMetadata()
                    .getOwnerReferences()).singleElement().satisfies(r -> {
                        assertThat(r.getKind()).isEqualTo("DaemonSet");
                        assertThat(r.getController()).isTrue();
                    });
            // not made from the set's revision: OnDelete leaves it, and it is not "updated"
            assertThat(sets.withName("logs").get().getStatus().getUpdatedNumberScheduled())
                    .isZero();
            // settled: no status write answers the controller's own last one
            String settled = sets.withName("logs").get().getMetadata().getResourceVersion();
            await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> settled.equals(
                    sets.withName("logs").get().getMetadata().getResourceVersion()));
        }
    }
}
