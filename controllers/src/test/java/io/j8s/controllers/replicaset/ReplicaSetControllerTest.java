package io.j8s.controllers.replicaset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.controllers.ControllerManager;
import io.j8s.testcluster.PodPlayer;
import io.j8s.testcluster.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ReplicaSet and ReplicationController controllers against a real API server: pods created
 * from the template with the owner's name as prefix, a matching orphan adopted, a relabelled pod
 * released and replaced, the status counted, and scale down taking the pods that are not ready.
 */
class ReplicaSetControllerTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();
    private static KubernetesClient cm;
    private static ControllerManager manager;
    private static PodPlayer kubelet;

    @BeforeAll
    static void start() {
        cm = cluster.client(TestCluster.CONTROLLER_MANAGER);
        manager = ControllerManager.builder().client(cm).allocateNodeCidrs(false)
                .controllers(Set.of("replicaset", "replicationcontroller")).start();
        kubelet = PodPlayer.start(cluster.admin(), "n1", "n2");
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

    private static List<Pod> owned(String ns, String uid) {
        return admin().pods().inNamespace(ns).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> p.getMetadata().getOwnerReferences() != null && p.getMetadata()
                        .getOwnerReferences().stream().anyMatch(r -> uid.equals(r.getUid())))
                .toList();
    }

    @Test
    void createsAdoptsReleasesCountsAndScalesDown() {
        String ns = "rs";
        admin().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                .endMetadata().build()).create();
        admin().pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata()
                .withName("stray").withLabels(Map.of("app", "web")).endMetadata().withNewSpec()
                .addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
                .build()).create();
        ReplicaSet rs = admin().apps().replicaSets().inNamespace(ns).resource(
                new ReplicaSetBuilder().withNewMetadata().withName("web").endMetadata()
                        .withNewSpec().withReplicas(3).withNewSelector()
                        .withMatchLabels(Map.of("app", "web")).endSelector().withNewTemplate()
                        .withNewMetadata().withLabels(Map.of("app", "web", "tier", "front"))
                        .endMetadata().withNewSpec().addNewContainer().withName("c")
                        .withImage("busybox").endContainer().endSpec().endTemplate().endSpec()
                        .build()).create();
        String uid = rs.getMetadata().getUid();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var s = admin().apps().replicaSets().inNamespace(ns).withName("web").get()
                    .getStatus();
            return s != null && Integer.valueOf(3).equals(s.getReadyReplicas())
                    && Integer.valueOf(3).equals(s.getAvailableReplicas());
        });
        List<Pod> pods = owned(ns, uid);
        assertThat(pods).hasSize(3).extracting(p -> p.getMetadata().getName())
                .contains("stray");
        OwnerReference ref = pods.getFirst().getMetadata().getOwnerReferences().getFirst();
        assertThat(ref.getController()).isTrue();
        assertThat(ref.getBlockOwnerDeletion()).isTrue();
        assertThat(ref.getKind()).isEqualTo("ReplicaSet");
        assertThat(pods).filteredOn(p -> !p.getMetadata().getName().equals("stray"))
                .allSatisfy(p -> {
                    assertThat(p.getMetadata().getName()).startsWith("web-");
                    assertThat(p.getMetadata().getLabels()).containsEntry("tier", "front");
                });
        var status = admin().apps().replicaSets().inNamespace(ns).withName("web").get()
                .getStatus();
        assertThat(status.getReplicas()).isEqualTo(3);
        // the adopted stray lacks the template's tier label
        assertThat(status.getFullyLabeledReplicas()).isEqualTo(2);
        assertThat(status.getObservedGeneration()).isEqualTo(1L);

        // a pod relabelled out of the selector is released and replaced
        admin().pods().inNamespace(ns).withName("stray").edit(p -> new PodBuilder(p)
                .editMetadata().addToLabels("app", "other").endMetadata().build());
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Pod stray = admin().pods().inNamespace(ns).withName("stray").get();
            return (stray.getMetadata().getOwnerReferences() == null
                    || stray.getMetadata().getOwnerReferences().isEmpty())
                    && owned(ns, uid).size() == 3;
        });

        // scale down: a pod that is not ready goes before the ready ones
        kubelet.ready(false);
        admin().apps().replicaSets().inNamespace(ns).withName("web").scale(4);
        await().atMost(Duration.ofSeconds(30)).until(() -> owned(ns, uid).size() == 4
                && owned(ns, uid).stream().anyMatch(p -> p.getStatus() != null
                        && "Running".equals(p.getStatus().getPhase()) && !PodStates.ready(p)));
        String notReady = owned(ns, uid).stream().filter(p -> !PodStates.ready(p)).findFirst()
                .orElseThrow().getMetadata().getName();
        kubelet.ready(true);
        admin().apps().replicaSets().inNamespace(ns).withName("web").scale(3);
        await().atMost(Duration.ofSeconds(30)).until(() -> owned(ns, uid).size() == 3);
        assertThat(owned(ns, uid)).extracting(p -> p.getMetadata().getName())
                .doesNotContain(notReady);
    }

    @Test
    void aReplicationControllerKeepsItsReplicas() {
        String ns = "rc";
        admin().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                .endMetadata().build()).create();
        var rc = admin().replicationControllers().inNamespace(ns).resource(
                new ReplicationControllerBuilder().withNewMetadata().withName("old")
                        .endMetadata().withNewSpec().withReplicas(2)
                        .withSelector(Map.of("app", "old")).withNewTemplate().withNewMetadata()
                        .withLabels(Map.of("app", "old")).endMetadata().withNewSpec()
                        .addNewContainer().withName("c").withImage("busybox").endContainer()
                        .endSpec().endTemplate().endSpec().build()).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var s = admin().replicationControllers().inNamespace(ns).withName("old").get()
                    .getStatus();
            return s != null && Integer.valueOf(2).equals(s.getReadyReplicas());
        });
        List<Pod> pods = owned(ns, rc.getMetadata().getUid());
        assertThat(pods).hasSize(2);
        admin().pods().inNamespace(ns).withName(pods.getFirst().getMetadata().getName())
                .withGracePeriod(0).delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> owned(ns, rc.getMetadata().getUid())
                .size() == 2 && owned(ns, rc.getMetadata().getUid()).stream().noneMatch(p ->
                        p.getMetadata().getName().equals(pods.getFirst().getMetadata().getName())));
        assertThat(owned(ns, rc.getMetadata().getUid()).getFirst().getMetadata()
                .getOwnerReferences().getFirst().getKind()).isEqualTo("ReplicationController");
    }

    @Test
    void aQuotaRefusalIsAReplicaFailureUntilThereIsRoom() {
        String ns = "quota";
        admin().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                .endMetadata().build()).create();
        admin().resourceQuotas().inNamespace(ns).resource(new ResourceQuotaBuilder()
                .withNewMetadata().withName("two").endMetadata().withNewSpec()
                .withHard(Map.of("pods", new Quantity("2"))).endSpec().build()).create();
        admin().apps().replicaSets().inNamespace(ns).resource(new ReplicaSetBuilder()
                .withNewMetadata().withName("big").endMetadata().withNewSpec().withReplicas(3)
                .withNewSelector().withMatchLabels(Map.of("app", "big")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "big"))
                .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("busybox")
                .endContainer().endSpec().endTemplate().endSpec().build()).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> failure(ns) != null);
        ReplicaSetCondition failure = failure(ns);
        assertThat(failure.getStatus()).isEqualTo("True");
        assertThat(failure.getReason()).isEqualTo("FailedCreate");
        assertThat(failure.getMessage()).contains("exceeded quota");
        assertThat(admin().pods().inNamespace(ns).list().getItems()).hasSize(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> admin().v1().events().inNamespace(ns)
                .list().getItems().stream().anyMatch(e -> "FailedCreate".equals(e.getReason())
                        && e.getMessage().startsWith("Error creating: ")
                        && "replicaset-controller".equals(e.getSource().getComponent())));
        admin().resourceQuotas().inNamespace(ns).withName("two").edit(q -> new ResourceQuotaBuilder(q)
                .editSpec().withHard(Map.of("pods", new Quantity("3"))).endSpec().build());
        await().atMost(Duration.ofSeconds(60)).until(() -> failure(ns) == null
                && admin().pods().inNamespace(ns).list().getItems().size() == 3);
    }

    private static ReplicaSetCondition failure(String ns) {
        var status = admin().apps().replicaSets().inNamespace(ns).withName("big").get()
                .getStatus();
        return status == null || status.getConditions() == null ? null : status.getConditions()
                .stream().filter(c -> "ReplicaFailure".equals(c.getType())).findFirst()
                .orElse(null);
    }
}
