package io.j8s.controllers.ttlafterfinished;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.controllers.batch.BatchControllers;
import io.j8s.controllers.batch.PodOutcomes;
import io.j8s.controllers.job.JobController;
import io.j8s.testcluster.TestCluster;
import io.j8s.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TtlAfterFinishedControllerTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();

    @Test
    void aFinishedJobIsDeletedOnceItsTtlHasPassedAndNotBefore() {
        KubernetesClient admin = cluster.admin();
        TestClock clock = new TestClock(Instant.now());
        try (BatchControllers controllers = new BatchControllers(cluster, clock)) {
            controllers.add(JobController::new);
            TtlAfterFinishedController ttl = controllers.add(TtlAfterFinishedController::new);
            controllers.start(true);
            admin.batch().v1().jobs().inNamespace("default").resource(new JobBuilder()
                    .withNewMetadata().withName("short").endMetadata().withNewSpec()
                    .withTtlSecondsAfterFinished(60).withNewTemplate().withNewSpec()
                    .withRestartPolicy("Never").addNewContainer().withName("c")
                    .withImage("busybox").endContainer().endSpec().endTemplate().endSpec()
                    .build()).create();
            PodOutcomes kubelet = new PodOutcomes(admin);
            kubelet.succeed(kubelet.awaitActive("default", "short", 1).getFirst());
            await().atMost(Duration.ofSeconds(20)).until(() -> TtlAfterFinishedController
                    .expiry(job(admin)) != null);

            clock.advance(Duration.ofSeconds(59));
            ttl.sync("default/short");
            assertThat(job(admin)).isNotNull();
            clock.advance(Duration.ofSeconds(2));
            ttl.sync("default/short");
            await().atMost(Duration.ofSeconds(20)).until(() -> job(admin) == null);
        }
    }

    private static Job job(KubernetesClient admin) {
        return admin.batch().v1().jobs().inNamespace("default").withName("short").get();
    }
}
