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
import io.j8s.controllers.TestCluster;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PodDisruptionBudget status against a real API server; the test plays the kubelet. */
class DisruptionControllerTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();

    private static void pod(ReplicaSet owner, String name, boolean ready) {
        KubernetesClient admin = cluster.admin();
        Pod pod = admin.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata()
                .withName(name).addToLabels("app", "db").addNewOwnerReference()
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
}
