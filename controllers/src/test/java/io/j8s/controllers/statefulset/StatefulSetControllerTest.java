package io.j8s.controllers.statefulset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.j8s.controllers.ControllerManager;
import io.j8s.controllers.KubeletStandIn;
import io.j8s.testcluster.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The StatefulSet controller in the controller manager against a real API server. */
class StatefulSetControllerTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static KubernetesClient cm;
    private static ControllerManager manager;

    @BeforeAll
    static void start() {
        KubeletStandIn.addNode(cluster.admin(), "n1", Map.of());
        cm = cluster.client(TestCluster.CONTROLLER_MANAGER);
        manager = ControllerManager.builder().client(cm).allocateNodeCidrs(false)
                .controllers(Set.of("statefulset")).start();
    }

    @AfterAll
    static void stop() {
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

    private static StatefulSet web(String ns, int replicas) {
        return new StatefulSetBuilder().withNewMetadata().withName("web").withNamespace(ns)
                .endMetadata().withNewSpec().withReplicas(replicas).withServiceName("nginx")
                .withNewSelector().addToMatchLabels("app", "nginx").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "nginx").endMetadata()
                .withNewSpec().addNewContainer().withName("nginx").withImage("nginx:1.25")
                .endContainer().endSpec().endTemplate().addNewVolumeClaimTemplate()
                .withNewMetadata().withName("www").endMetadata().withNewSpec()
                .withAccessModes("ReadWriteOnce").withNewResources()
                .addToRequests("storage", new io.fabric8.kubernetes.api.model.Quantity("1Gi"))
                .endResources().endSpec().endVolumeClaimTemplate().endSpec().build();
    }

    /** The names of pods as they are added and deleted, in order. */
    private record Journal(List<String> added, List<String> deleted) {
        static Journal of(String ns) {
            Journal j = new Journal(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
            admin().pods().inNamespace(ns).inform(new ResourceEventHandler<>() {
                @Override
                public void onAdd(Pod p) {
                    j.added.add(p.getMetadata().getName());
                }

                @Override
                public void onUpdate(Pod o, Pod p) {}

                @Override
                public void onDelete(Pod p, boolean unknown) {
                    j.deleted.add(p.getMetadata().getName());
                }
            });
            return j;
        }
    }

    private static Pod pod(String ns, String name) {
        return admin().pods().inNamespace(ns).withName(name).get();
    }

    private static StatefulSet status(String ns) {
        return admin().apps().statefulSets().inNamespace(ns).withName("web").get();
    }

    @Test
    void podsComeUpInOrderEachAfterTheOneBeforeIsReadyAndGoAwayInReverse() {
        String ns = "ordered";
        namespace(ns);
        Journal journal = Journal.of(ns);
        try (KubeletStandIn kubelet = KubeletStandIn.start(admin(), ns).holdReadiness(true)) {
            admin().apps().statefulSets().inNamespace(ns).resource(web(ns, 3)).create();
            for (int i = 0; i < 3; i++) {
                String name = "web-" + i;
                await().atMost(WAIT).until(() -> pod(ns, name) != null
                        && pod(ns, name).getSpec().getNodeName() != null);
                assertThat(admin().pods().inNamespace(ns).list().getItems())
                        .as("only the pods up to %s exist while it is not ready", name)
                        .hasSize(i + 1);
                assertThat(admin().persistentVolumeClaims().inNamespace(ns)
                        .withName("www-web-" + i).get()).isNotNull();
                kubelet.markReady(name);
            }
            await().atMost(WAIT).until(() -> status(ns).getStatus() != null
                    && Integer.valueOf(3).equals(status(ns).getStatus().getReadyReplicas()));
            StatefulSet set = status(ns);
            assertThat(set.getStatus().getCurrentRevision())
                    .isEqualTo(set.getStatus().getUpdateRevision()).startsWith("web-");
            assertThat(set.getStatus().getObservedGeneration()).isEqualTo(1L);
            assertThat(journal.added()).containsExactly("web-0", "web-1", "web-2");

            Pod one = pod(ns, "web-1");
            assertThat(one.getSpec().getHostname()).isEqualTo("web-1");
            assertThat(one.getSpec().getSubdomain()).isEqualTo("nginx");
            assertThat(one.getMetadata().getLabels())
                    .containsEntry("statefulset.kubernetes.io/pod-name", "web-1")
                    .containsEntry("apps.kubernetes.io/pod-index", "1")
                    .containsEntry("controller-revision-hash",
                            set.getStatus().getUpdateRevision());
            assertThat(one.getSpec().getVolumes()).anySatisfy(v -> assertThat(
                    v.getPersistentVolumeClaim().getClaimName()).isEqualTo("www-web-1"));
            assertThat(admin().apps().controllerRevisions().inNamespace(ns).list().getItems())
                    .extracting(r -> r.getMetadata().getName())
                    .containsExactly(set.getStatus().getUpdateRevision());
            await().atMost(WAIT).untilAsserted(() -> assertThat(admin().v1().events()
                    .inNamespace(ns).list().getItems()).anySatisfy(e -> {
                        assertThat(e.getReason()).isEqualTo("SuccessfulCreate");
                        assertThat(e.getMessage())
                                .isEqualTo("create Pod web-0 in StatefulSet web successful");
                    }));

            admin().apps().statefulSets().inNamespace(ns).withName("web").scale(1);
            await().atMost(WAIT).until(() -> journal.deleted().size() == 2);
            assertThat(journal.deleted()).containsExactly("web-2", "web-1");
            await().atMost(WAIT).until(() -> Integer.valueOf(1)
                    .equals(status(ns).getStatus().getReplicas()));
            // whenScaled defaults to Retain: the claims stay for a scale-up
            assertThat(admin().persistentVolumeClaims().inNamespace(ns).withName("www-web-2")
                    .get()).isNotNull();
        }
    }

    @Test
    void aPartitionedRollingUpdateReplacesOrdinalsAtOrAboveThePartitionHighestFirst() {
        String ns = "partitioned";
        namespace(ns);
        Journal journal = Journal.of(ns);
        try (KubeletStandIn kubelet = KubeletStandIn.start(admin(), ns)) {
            StatefulSet set = web(ns, 3);
            set.getSpec().setPodManagementPolicy("Parallel");
            admin().apps().statefulSets().inNamespace(ns).resource(set).create();
            await().atMost(WAIT).until(() -> status(ns).getStatus() != null
                    && Integer.valueOf(3).equals(status(ns).getStatus().getReadyReplicas()));
            String first = status(ns).getStatus().getCurrentRevision();

            KubeletStandIn.edit(admin().apps().statefulSets().inNamespace(ns).withName("web"), s -> {
                s.getSpec().getUpdateStrategy().getRollingUpdate().setPartition(1);
                s.getSpec().getTemplate().getSpec().getContainers().getFirst()
                        .setImage("nginx:1.26");
                return s;
            });
            await().atMost(WAIT).until(() -> Integer.valueOf(2)
                    .equals(status(ns).getStatus().getUpdatedReplicas())
                    && Integer.valueOf(3).equals(status(ns).getStatus().getReadyReplicas()));
            StatefulSet partway = status(ns);
            String second = partway.getStatus().getUpdateRevision();
            assertThat(second).isNotEqualTo(first);
            assertThat(partway.getStatus().getCurrentRevision()).isEqualTo(first);
            assertThat(partway.getStatus().getCurrentReplicas()).isEqualTo(1);
            assertThat(journal.deleted()).containsExactly("web-2", "web-1");
            assertThat(pod(ns, "web-0").getMetadata().getLabels())
                    .containsEntry("controller-revision-hash", first);
            assertThat(pod(ns, "web-2").getSpec().getContainers().getFirst().getImage())
                    .isEqualTo("nginx:1.26");

            KubeletStandIn.edit(admin().apps().statefulSets().inNamespace(ns).withName("web"), s -> {
                s.getSpec().getUpdateStrategy().getRollingUpdate().setPartition(0);
                return s;
            });
            await().atMost(WAIT).until(() -> second.equals(
                    status(ns).getStatus().getCurrentRevision()));
            assertThat(status(ns).getStatus().getUpdatedReplicas()).isEqualTo(3);
            assertThat(journal.deleted()).containsExactly("web-2", "web-1", "web-0");
            assertThat(admin().apps().controllerRevisions().inNamespace(ns).list().getItems())
                    .extracting(r -> r.getMetadata().getName() + "@" + r.getRevision())
                    .containsExactlyInAnyOrder(first + "@1", second + "@2");
            // settled: no status write answers the controller's own last one
            String settled = status(ns).getMetadata().getResourceVersion();
            await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> settled.equals(
                    status(ns).getMetadata().getResourceVersion()));
        }
    }
}
