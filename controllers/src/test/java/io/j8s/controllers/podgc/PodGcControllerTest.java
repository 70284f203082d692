package io.j8s.controllers.podgc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.j8s.controllers.batch.BatchControllers;
import io.j8s.testcluster.TestCluster;
import io.j8s.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PodGcControllerTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();

    private static Pod pod(KubernetesClient admin, String name, String node) {
        return admin.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata()
                .withName(name).endMetadata().withNewSpec().withNodeName(node).addNewContainer()
                .withName("c").withImage("busybox").endContainer().endSpec().build()).create();
    }

    private static void phase(KubernetesClient admin, String name, String phase) {
        admin.pods().inNamespace("default").withName(name).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"phase\":\""
                        + phase + "\"}}");
    }

    private static List<String> names(KubernetesClient admin) {
        return admin.pods().inNamespace("default").list().getItems().stream()
                .map(p -> p.getMetadata().getName()).sorted().toList();
    }

    @Test
    void terminatedPodsOverTheThresholdGoOldestFirstAndPodsOfAVanishedNodeGoAfterAGrace() {
        KubernetesClient admin = cluster.admin();
        TestClock clock = new TestClock(Instant.now());
        admin.nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder()
                .withNewMetadata().withName("n1").endMetadata().build()).create();
        for (String name : List.of("done-1", "done-2", "done-3", "done-4")) {
            pod(admin, name, "n1");
            phase(admin, name, name.equals("done-2") ? "Failed" : "Succeeded");
        }
        pod(admin, "running", "n1");
        pod(admin, "orphan", "gone");
        try (BatchControllers controllers = new BatchControllers(cluster, clock)) {
            PodGcController gc = controllers.add(ctx -> new PodGcController(ctx, 2));
            controllers.start(false);
            gc.sync();
            await().atMost(Duration.ofSeconds(20)).until(() -> names(admin).equals(
                    List.of("done-3", "done-4", "orphan", "running")));

            clock.advance(Duration.ofSeconds(39));
            gc.sync();
            assertThat(names(admin)).contains("orphan");
            clock.advance(Duration.ofSeconds(2));
            gc.sync();
            await().atMost(Duration.ofSeconds(20)).until(() -> !names(admin).contains("orphan"));
            assertThat(names(admin)).containsExactly("done-3", "done-4", "running");
        }
    }
}
