package io.j8s.controllers.garbagecollector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.j8s.controllers.ControllerManager;
import io.j8s.testcluster.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The collector in a controller manager against a real API server: owners deleted in the
 * background, in the foreground and with orphaning, owners that never existed, and a cycle.
 */
class GarbageCollectorTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();
    static KubernetesClient cmClient;
    static ControllerManager cm;
    static int namespaces;

    @BeforeAll
    static void startCollector() {
        cmClient = cluster.client(TestCluster.CONTROLLER_MANAGER);
        cm = ControllerManager.builder().client(cmClient).allocateNodeCidrs(false)
                .controllers(Set.of("garbage-collector")).start();
    }

    @AfterAll
    static void stop() {
        cm.close();
        cmClient.close();
    }

    private static String namespace() {
        String ns = "gc-" + (++namespaces);
        cluster.admin().namespaces().resource(new NamespaceBuilder().withNewMetadata()
                .withName(ns).endMetadata().build()).create();
        return ns;
    }

    private static ConfigMap create(String ns, String name, OwnerReference... owners) {
        return cluster.admin().configMaps().inNamespace(ns).resource(new ConfigMapBuilder()
                .withNewMetadata().withName(name).withOwnerReferences(owners).endMetadata()
                .build()).create();
    }

    private static OwnerReference ownedBy(ConfigMap owner, boolean block) {
        return new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap")
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withBlockOwnerDeletion(block).build();
    }

    private static ConfigMap get(String ns, String name) {
        return cluster.admin().configMaps().inNamespace(ns).withName(name).get();
    }

    private static void awaitGone(String ns, String... names) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (String n : names) {
                assertThat(get(ns, n)).as(n).isNull();
            }
        });
    }

    @Test
    void dependentsOfADeletedOwnerAreDeleted() {
        String ns = namespace();
        ConfigMap owner = create(ns, "owner");
        create(ns, "dependent", ownedBy(owner, false));
        cluster.admin().configMaps().inNamespace(ns).withName("owner").delete();
        awaitGone(ns, "dependent");
    }

    @Test
    void dependentsOfAnOwnerThatNeverExistedAreDeleted() {
        String ns = namespace();
        create(ns, "stray", new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap")
                .withName("nobody").withUid(UUID.randomUUID().toString()).build());
        awaitGone(ns, "stray");
    }

    @Test
    void anOwnerWhoseNameWasReusedDoesNotKeepTheDependent() {
        String ns = namespace();
        ConfigMap first = create(ns, "owner");
        create(ns, "dependent", ownedBy(first, false));
        cluster.admin().configMaps().inNamespace(ns).withName("owner").delete();
        create(ns, "owner");
        awaitGone(ns, "dependent");
        assertThat(get(ns, "owner")).isNotNull();
    }

    @Test
    void orphanDeletionKeepsDependentsWithoutTheReference() {
        String ns = namespace();
        ConfigMap owner = create(ns, "owner");
        ConfigMap other = create(ns, "other");
        create(ns, "dependent", ownedBy(owner, true), ownedBy(other, false));
        cluster.admin().configMaps().inNamespace(ns).withName("owner")
                .withPropagationPolicy(DeletionPropagation.ORPHAN).delete();
        awaitGone(ns, "owner");
        ConfigMap dependent = get(ns, "dependent");
        assertThat(dependent.getMetadata().getOwnerReferences()).extracting(OwnerReference::getName)
                .containsExactly("other");
    }

    @Test
    void foregroundDeletionDeletesTheChainBottomUp() {
        String ns = namespace();
        List<String> deleted = new CopyOnWriteArrayList<>();
        try (Watch w = cluster.admin().configMaps().inNamespace(ns).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap cm) {
                if (action == Action.DELETED) {
                    deleted.add(cm.getMetadata().getName());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            ConfigMap a = create(ns, "a");
            ConfigMap b = create(ns, "b", ownedBy(a, true));
            create(ns, "c", ownedBy(b, true));
            cluster.admin().configMaps().inNamespace(ns).withName("a")
                    .withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
            assertThat(get(ns, "a").getMetadata().getFinalizers()).contains("foregroundDeletion");
            awaitGone(ns, "a", "b", "c");
            await().untilAsserted(() -> assertThat(deleted).containsExactly("c", "b", "a"));
        }
    }

    @Test
    void aForegroundCycleIsBroken() {
        String ns = namespace();
        ConfigMap a = create(ns, "a");
        ConfigMap b = create(ns, "b", ownedBy(a, true));
        a.getMetadata().setOwnerReferences(List.of(ownedBy(b, true)));
        cluster.admin().configMaps().inNamespace(ns).resource(a).update();
        cluster.admin().configMaps().inNamespace(ns).withName("a")
                .withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
        awaitGone(ns, "a", "b");
    }

    @Test
    void aDependentWithASolidOwnerStays() {
        String ns = namespace();
        ConfigMap gone = create(ns, "gone");
        ConfigMap kept = create(ns, "kept");
        create(ns, "dependent", ownedBy(gone, false), ownedBy(kept, false));
        cluster.admin().configMaps().inNamespace(ns).withName("gone").delete();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                get(ns, "dependent").getMetadata().getOwnerReferences())
                .extracting(OwnerReference::getName).containsExactly("kept"));
    }
}
