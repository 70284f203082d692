package io.j8s.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.j8s.controllers.ControllerManager;
import io.j8s.testcluster.PodPlayer;
import io.j8s.testcluster.TestCluster;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Deployment and ReplicaSet controllers against a real API server, with a stand-in kubelet
 * that binds pods and marks them Running and Ready: a Deployment rolls out, rolls out a new
 * template without ever losing availability (maxUnavailable 0), rolls back to the old
 * ReplicaSet under a new revision, scales, and reports a stalled rollout past its deadline.
 */
class DeploymentControllerTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();
    private static KubernetesClient cm;
    private static ControllerManager manager;
    private static PodPlayer kubelet;

    @BeforeAll
    static void start() {
        cm = cluster.client(TestCluster.CONTROLLER_MANAGER);
        manager = ControllerManager.builder().client(cm).allocateNodeCidrs(false)
                .controllers(Set.of("replicaset", "deployment")).start();
        kubelet = PodPlayer.start(cluster.admin(), "n1", "n2", "n3");
    }

    @AfterAll
    static void stop() {
        kubelet.close();
        manager.close();
        cm.close();
    }

    private static KubernetesClient admin() {
        return cluster.admin();
    }

    private static void namespace(String ns) {
        admin().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                .endMetadata().build()).create();
    }

    private static Deployment deployment(String ns, String name, int replicas, String image,
            Integer progressDeadline) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(ns)
                .endMetadata().withNewSpec().withReplicas(replicas)
                .withProgressDeadlineSeconds(progressDeadline)
                .withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(new IntOrString("25%")).withMaxUnavailable(new IntOrString(0))
                .endRollingUpdate().endStrategy()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage(image).endContainer()
                .endSpec().endTemplate().endSpec().build();
    }

    private static Deployment get(String ns, String name) {
        return admin().apps().deployments().inNamespace(ns).withName(name).get();
    }

    private static List<ReplicaSet> sets(String ns) {
        return admin().apps().replicaSets().inNamespace(ns).list().getItems().stream()
                .sorted(Comparator.comparing(rs -> rs.getMetadata().getCreationTimestamp()))
                .toList();
    }

    private static List<Pod> activePods(String ns) {
        return admin().pods().inNamespace(ns).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private static DeploymentCondition condition(Deployment d, String type) {
        return d.getStatus() == null || d.getStatus().getConditions() == null ? null
                : d.getStatus().getConditions().stream().filter(c -> type.equals(c.getType()))
                        .findFirst().orElse(null);
    }

    /** Complete: every replica updated and available, Progressing=NewReplicaSetAvailable. */
    private static Deployment awaitComplete(String ns, String name, int replicas) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Deployment d = get(ns, name);
            DeploymentCondition p = condition(d, "Progressing");
            return d.getStatus() != null
                    && d.getStatus().getObservedGeneration() != null
                    && d.getStatus().getObservedGeneration() >= d.getMetadata().getGeneration()
                    && Integer.valueOf(replicas).equals(d.getStatus().getUpdatedReplicas())
                    && Integer.valueOf(replicas).equals(d.getStatus().getAvailableReplicas())
                    && Integer.valueOf(replicas).equals(d.getStatus().getReplicas())
                    && p != null && "NewReplicaSetAvailable".equals(p.getReason());
        });
        return get(ns, name);
    }

    private static String annotation(io.fabric8.kubernetes.api.model.HasMetadata o, String key) {
        return o.getMetadata().getAnnotations() == null ? null
                : o.getMetadata().getAnnotations().get(key);
    }

    @Test
    void rollsOutRollsBackAndScales() {
        String ns = "rollout";
        namespace(ns);
        admin().apps().deployments().inNamespace(ns).resource(
                deployment(ns, "web", 4, "busybox:1", null)).create();
        Deployment d = awaitComplete(ns, "web", 4);
        assertThat(annotation(d, Revisions.REVISION)).isEqualTo("1");
        assertThat(condition(d, "Available").getReason()).isEqualTo("MinimumReplicasAvailable");
        ReplicaSet first = sets(ns).getFirst();
        String hash = first.getMetadata().getLabels().get("pod-template-hash");
        assertThat(first.getMetadata().getName()).isEqualTo("web-" + hash);
        assertThat(first.getSpec().getSelector().getMatchLabels())
                .containsEntry("pod-template-hash", hash);
        assertThat(first.getMetadata().getAnnotations()).containsEntry(Revisions.REVISION, "1")
                .containsEntry(Revisions.DESIRED_REPLICAS, "4")
                .containsEntry(Revisions.MAX_REPLICAS, "5");
        assertThat(activePods(ns)).hasSize(4).allSatisfy(p -> assertThat(
                p.getMetadata().getName()).startsWith("web-" + hash + "-"));

        // a new template: with maxUnavailable 0 availability never drops below 4
        AtomicInteger leastAvailable = new AtomicInteger(4);
        AtomicInteger mostReplicas = new AtomicInteger(4);
        try (Watch w = admin().apps().replicaSets().inNamespace(ns).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ReplicaSet rs) {
                int total = sets(ns).stream().mapToInt(s -> s.getSpec().getReplicas()).sum();
                mostReplicas.accumulateAndGet(total, Math::max);
            }

            @Override
            public void onClose(WatcherException cause) {}
        }); Watch dw = admin().apps().deployments().inNamespace(ns).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Deployment dep) {
                if (dep.getStatus() != null && dep.getStatus().getAvailableReplicas() != null) {
                    leastAvailable.accumulateAndGet(dep.getStatus().getAvailableReplicas(),
                            Math::min);
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        })) {
            admin().apps().deployments().inNamespace(ns).withName("web").edit(x ->
                    new DeploymentBuilder(x).editSpec().editTemplate().editSpec()
                            .editFirstContainer().withImage("busybox:2").endContainer().endSpec()
                            .endTemplate().endSpec().build());
            d = awaitComplete(ns, "web", 4);
        }
        assertThat(leastAvailable.get()).isEqualTo(4);
        assertThat(mostReplicas.get()).isLessThanOrEqualTo(5);
        assertThat(annotation(d, Revisions.REVISION)).isEqualTo("2");
        List<ReplicaSet> two = sets(ns);
        assertThat(two).hasSize(2);
        assertThat(two.get(0).getSpec().getReplicas()).isZero();
        assertThat(two.get(1).getSpec().getReplicas()).isEqualTo(4);
        await().atMost(Duration.ofSeconds(30)).until(() -> activePods(ns).size() == 4);

        // kubectl rollout undo: the template of the first ReplicaSet without its hash label
        PodTemplateSpec old = new PodTemplateSpecBuilder(first.getSpec().getTemplate())
                .editMetadata().removeFromLabels("pod-template-hash").endMetadata().build();
        admin().apps().deployments().inNamespace(ns).withName("web").patch(
                PatchContext.of(PatchType.JSON), "[{\"op\":\"replace\",\"path\":\"/spec/template\","
                        + "\"value\":" + Serialization.asJson(old) + "}]");
        d = awaitComplete(ns, "web", 4);
        assertThat(annotation(d, Revisions.REVISION)).isEqualTo("3");
        List<ReplicaSet> back = sets(ns);
        assertThat(back).hasSize(2);
        ReplicaSet reused = back.getFirst();
        assertThat(reused.getMetadata().getName()).isEqualTo(first.getMetadata().getName());
        assertThat(reused.getMetadata().getAnnotations()).containsEntry(Revisions.REVISION, "3")
                .containsEntry(Revisions.REVISION_HISTORY, "1");
        assertThat(reused.getSpec().getReplicas()).isEqualTo(4);

        admin().apps().deployments().inNamespace(ns).withName("web").scale(7);
        awaitComplete(ns, "web", 7);
        await().atMost(Duration.ofSeconds(30)).until(() -> activePods(ns).size() == 7);
        assertThat(sets(ns).getFirst().getMetadata().getAnnotations())
                .containsEntry(Revisions.DESIRED_REPLICAS, "7");
    }

    @Test
    void aStalledRolloutExceedsItsProgressDeadline() {
        String ns = "stall";
        namespace(ns);
        admin().apps().deployments().inNamespace(ns).resource(
                deployment(ns, "slow", 2, "busybox:1", 2)).create();
        awaitComplete(ns, "slow", 2);
        kubelet.ready(false);
        try {
            admin().apps().deployments().inNamespace(ns).withName("slow").edit(x ->
                    new DeploymentBuilder(x).editSpec().editTemplate().editSpec()
                            .editFirstContainer().withImage("busybox:2").endContainer().endSpec()
                            .endTemplate().endSpec().build());
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                DeploymentCondition p = condition(get(ns, "slow"), "Progressing");
                return p != null && "ProgressDeadlineExceeded".equals(p.getReason());
            });
            DeploymentCondition p = condition(get(ns, "slow"), "Progressing");
            assertThat(p.getStatus()).isEqualTo("False");
            assertThat(p.getMessage()).endsWith("has timed out progressing.");
            // maxUnavailable 0: the old pods stay while the new one is not ready
            assertThat(get(ns, "slow").getStatus().getAvailableReplicas()).isEqualTo(2);
        } finally {
            kubelet.ready(true);
        }
    }

    @Test
    void recreateStopsTheOldPodsBeforeStartingNewOnes() {
        String ns = "recreate";
        namespace(ns);
        Deployment d = new DeploymentBuilder(deployment(ns, "db", 2, "busybox:1", null))
                .editSpec().withNewStrategy().withType("Recreate").endStrategy().endSpec().build();
        admin().apps().deployments().inNamespace(ns).resource(d).create();
        awaitComplete(ns, "db", 2);
        String oldName = sets(ns).getFirst().getMetadata().getName();
        java.util.concurrent.atomic.AtomicBoolean overlap = new java.util.concurrent.atomic.AtomicBoolean();
        try (Watch w = admin().apps().replicaSets().inNamespace(ns).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ReplicaSet rs) {
                List<ReplicaSet> all = sets(ns);
                boolean oldRunning = all.stream().anyMatch(s -> s.getMetadata().getName()
                        .equals(oldName) && s.getStatus() != null
                        && s.getStatus().getReplicas() != null && s.getStatus().getReplicas() > 0);
                boolean newWanted = all.stream().anyMatch(s -> !s.getMetadata().getName()
                        .equals(oldName) && s.getSpec().getReplicas() > 0);
                if (oldRunning && newWanted) {
                    overlap.set(true);
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        })) {
            admin().apps().deployments().inNamespace(ns).withName("db").edit(x ->
                    new DeploymentBuilder(x).editSpec().editTemplate().editSpec()
                            .editFirstContainer().withImage("busybox:2").endContainer().endSpec()
                            .endTemplate().endSpec().build());
            awaitComplete(ns, "db", 2);
        }
        assertThat(overlap).isFalse();
        assertThat(sets(ns)).hasSize(2);
    }

    @Test
    void replicaSetsBeyondTheHistoryLimitAreDeleted() {
        String ns = "history";
        namespace(ns);
        Deployment d = new DeploymentBuilder(deployment(ns, "h", 1, "busybox:1", null))
                .editSpec().withRevisionHistoryLimit(1).endSpec().build();
        admin().apps().deployments().inNamespace(ns).resource(d).create();
        awaitComplete(ns, "h", 1);
        for (String image : List.of("busybox:2", "busybox:3")) {
            admin().apps().deployments().inNamespace(ns).withName("h").edit(x ->
                    new DeploymentBuilder(x).editSpec().editTemplate().editSpec()
                            .editFirstContainer().withImage(image).endContainer().endSpec()
                            .endTemplate().endSpec().build());
            awaitComplete(ns, "h", 1);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> sets(ns).size() == 2);
        assertThat(sets(ns)).extracting(rs -> rs.getMetadata().getAnnotations()
                .get(Revisions.REVISION)).containsExactlyInAnyOrder("2", "3");
        assertThat(annotation(get(ns, "h"), Revisions.REVISION)).isEqualTo("3");
    }
}
