package io.j8s.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A sim node holds its 110 pods: all of them Running, each with its own IP. */
class ScaleTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();

    @Test
    void aSimNodeRuns110Pods() throws Exception {
        KubernetesClient api = cluster.client();
        try (NodeAgent node = NodeAgent.start(cluster, "full-node", "10.42.8.0/24")) {
            int threadsBefore = Thread.activeCount();
            long start = System.nanoTime();
            try (ExecutorService creators = Executors.newFixedThreadPool(8)) {
                for (int i = 0; i < 110; i++) {
                    Pod pod = new PodBuilder().withNewMetadata().withName("p" + i)
                            .withNamespace("default").endMetadata().withNewSpec()
                            .withNodeName("full-node").addNewContainer().withName("app")
                            .withImage("busybox").endContainer().endSpec().build();
                    creators.execute(() -> api.pods().inNamespace("default").resource(pod).create());
                }
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                    api.pods().inNamespace("default").list().getItems().stream()
                            .filter(p -> "Running".equals(p.getStatus().getPhase())).count() == 110);
            System.out.printf("110 sim pods Running in %d ms%n", (System.nanoTime() - start) / 1_000_000);
            assertThat(api.pods().inNamespace("default").list().getItems().stream()
                    .map(p -> p.getStatus().getPodIP()).distinct().count()).isEqualTo(110);
            assertThat(Thread.activeCount() - threadsBefore).as("platform threads added")
                    .isLessThan(20);
        }
    }
}
