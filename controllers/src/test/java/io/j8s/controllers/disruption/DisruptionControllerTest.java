package io.j8s.controllers.disruption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.controllers.ControllerManager;
import io.j8s.testcluster.TestCluster;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PodDisruptionBudget status against a real API server; the test plays the kubelet. */
class DisruptionControllerTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();

    private static ReplicaSet replicaSet(String name, int replicas) {
        return cluster.admin().apps().replicaSets().inNamespace("default").resource(
                new ReplicaSetBuilder().withNewMetadata().withName(name).endMetadata()
                        .withNewSpec().withReplicas(replicas).withNewSelector()
                        .addToMatchLabels("app", name).endSelector().withNewTemplate()
                        .withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec()
                        .addNewContainer().withName("c").withImage("busybox").endContainer()
                        .endSpec().endTemplate().endSpec().build()).create();
    }

    private static void pod(ReplicaSet owner, String name, boolean ready) {
        KubernetesClient admin = cluster.admin();
        Pod pod = admin.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata()
                .withName(name).addToLabels("app", owner.getSpec().getSelector().getMatchLabels()
                        .get("app")).addNewOwnerReference()
                .withApiVersion("apps/v1").withKind("ReplicaSet")
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withController(true).endOwnerReference().endMetadata().withNewSpec()
                .addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
                .build()).create();
        status(pod, ready);
    }

    private static void status(Pod pod, boolean ready) {
        Pod fresh = cluster.admin().pods().inNamespace("default")
                .withName(pod.getMetadata().getName()).get();
        cluster.admin().pods().inNamespace("default").resource(new PodBuilder(fresh)
                .editOrNewStatus().withPhase("Running").withConditions(new PodConditionBuilder()
                        .withType("Ready").withStatus(ready ? "True" : "False").build())
                .endStatus().build()).updateStatus();
    }

    private static PodDisruptionBudget pdb(String name) {
        return cluster.admin().policy().v1().podDisruptionBudget().inNamespace("default")
                .withName(name).get();
    }

    private static String summary(String name) {
        PodDisruptionBudget p = pdb(name);
        if (p.getStatus() == null || p.getStatus().getConditions() == null
                || p.getStatus().getConditions().isEmpty()) {
            return "";
        }
        var s = p.getStatus();
        var c = s.getConditions().getFirst();
        return s.getCurrentHealthy() + "/" + s.getDesiredHealthy() + "/" + s.getExpectedPods()
                + "/" + s.getDisruptionsAllowed() + " " + c.getType() + "=" + c.getStatus() + " "
                + c.getReason() + " gen " + s.getObservedGeneration();
    }

    @Test
    void budgetsCountHealthyPodsAgainstTheirControllersScale() {
        KubernetesClient admin = cluster.admin();
        ReplicaSet rs = admin.apps().replicaSets().inNamespace("default").resource(
                new ReplicaSetBuilder().withNewMetadata().withName("db").endMetadata()
                        .withNewSpec().withReplicas(3).withNewSelector().addToMatchLabels("app",
                                "db").endSelector().withNewTemplate().withNewMetadata()
                        .addToLabels("app", "db").endMetadata().withNewSpec().addNewContainer()
                        .withName("c").withImage("busybox").endContainer().endSpec()
                        .endTemplate().endSpec().build()).create();
        pod(rs, "db-0", true);
        pod(rs, "db-1", true);
        pod(rs, "db-2", false);
        for (String[] b : new String[][] {{"min", "2"}, {"max", "34%"}}) {
            admin.policy().v1().podDisruptionBudget().inNamespace("default").resource(
                    new PodDisruptionBudgetBuilder().withNewMetadata().withName(b[0])
                            .endMetadata().withNewSpec().withNewSelector()
                            .addToMatchLabels("app", "db").endSelector()
                            .withMinAvailable(b[0].equals("min") ? new IntOrString(2) : null)
                            .withMaxUnavailable(b[0].equals("max") ? new IntOrString(b[1]) : null)
                            .endSpec().build()).create();
        }
        try (KubernetesClient cm = cluster.client(TestCluster.CONTROLLER_MANAGER);
                ControllerManager manager = ControllerManager.builder().client(cm)
                        .allocateNodeCidrs(false).controllers(Set.of("disruption")).start()) {
            // minAvailable 2 of 3 pods, 2 healthy: nothing may go
            await().atMost(Duration.ofSeconds(20)).until(() -> summary("min").equals(
                    "2/2/3/0 DisruptionAllowed=False InsufficientPods gen 1"));
            // maxUnavailable 34% of the ReplicaSet's 3 is 2 (rounded up): 1 must stay
            await().atMost(Duration.ofSeconds(20)).until(() -> summary("max").equals(
                    "2/1/3/1 DisruptionAllowed=True SufficientPods gen 1"));

            status(admin.pods().inNamespace("default").withName("db-2").get(), true);
            await().atMost(Duration.ofSeconds(20)).until(() -> summary("min").equals(
                    "3/2/3/1 DisruptionAllowed=True SufficientPods gen 1"));

            // the eviction reads the status: one pod may go, and it is recorded as disrupted
            // (a pod under two budgets cannot be evicted, as upstream)
            admin.policy().v1().podDisruptionBudget().inNamespace("default").withName("max")
                    .delete();
            admin.pods().inNamespace("default").withName("db-0").evict();
            await().atMost(Duration.ofSeconds(20)).until(() -> summary("min").startsWith(
                    "2/2/"));
        }
    }

    @Test
    void evictedPodsCountAsUnhealthyForTwoMinutesThenAreForgotten() {
        KubernetesClient admin = cluster.admin();
        ReplicaSet rs = replicaSet("cache", 2);
        pod(rs, "cache-0", true);
        pod(rs, "cache-1", true);
        admin.policy().v1().podDisruptionBudget().inNamespace("default").resource(
                new PodDisruptionBudgetBuilder().withNewMetadata().withName("cache")
                        .endMetadata().withNewSpec().withNewSelector()
                        .addToMatchLabels("app", "cache").endSelector()
                        .withMinAvailable(new IntOrString(1)).endSpec().build()).create();
        Instant now = Instant.parse("2030-01-01T12:00:00Z");
        PodDisruptionBudget pdb = pdb("cache");
        pdb.setStatus(new io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus());
        pdb.getStatus().setDisruptedPods(Map.of(
                "cache-0", now.minus(Duration.ofMinutes(3)).toString(),
                "cache-1", now.minus(Duration.ofSeconds(30)).toString()));
        pdb.getStatus().setCurrentHealthy(0);
        pdb.getStatus().setDesiredHealthy(0);
        pdb.getStatus().setExpectedPods(0);
        pdb.getStatus().setDisruptionsAllowed(0);
        admin.policy().v1().podDisruptionBudget().inNamespace("default").resource(pdb)
                .updateStatus();
        try (KubernetesClient cm = cluster.client(TestCluster.CONTROLLER_MANAGER);
                ControllerManager manager = ControllerManager.builder().client(cm)
                        .allocateNodeCidrs(false).clock(Clock.fixed(now, ZoneOffset.UTC))
                        .controllers(Set.of("disruption")).start()) {
            // cache-0 was evicted 3 minutes ago and is still there: the entry expired and it
            // counts again; cache-1's eviction is 30 s old: it may still be deleted
            await().atMost(Duration.ofSeconds(20)).until(() -> summary("cache").equals(
                    "1/1/2/0 DisruptionAllowed=False InsufficientPods gen 1"));
            assertThat(pdb("cache").getStatus().getDisruptedPods()).containsOnlyKeys("cache-1");
        }
    }
}
