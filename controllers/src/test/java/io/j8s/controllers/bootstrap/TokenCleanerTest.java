package io.j8s.controllers.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.controllers.ControllerManager;
import io.j8s.testcluster.TestCluster;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The token cleaner deletes bootstrap token Secrets once they expire, and only those. */
class TokenCleanerTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();

    @Test
    void expiredBootstrapTokensAreDeletedWhenTheyExpire() {
        KubernetesClient admin = cluster.admin();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        admin.secrets().inNamespace("kube-system").resource(token("aaaaaa", now.minusSeconds(60)))
                .create();
        admin.secrets().inNamespace("kube-system").resource(token("bbbbbb", now.plusSeconds(3)))
                .create();
        admin.secrets().inNamespace("kube-system").resource(token("cccccc", now.plusSeconds(3600)))
                .create();
        try (KubernetesClient cm = cluster.client(TestCluster.CONTROLLER_MANAGER);
                ControllerManager manager = ControllerManager.builder().client(cm)
                        .allocateNodeCidrs(false).controllers(Set.of("tokencleaner")).start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> admin.secrets()
                    .inNamespace("kube-system").withName("bootstrap-token-aaaaaa").get() == null);
            await().atMost(Duration.ofSeconds(20)).until(() -> admin.secrets()
                    .inNamespace("kube-system").withName("bootstrap-token-bbbbbb").get() == null);
            assertThat(Instant.now()).isAfterOrEqualTo(now.plusSeconds(3));
            assertThat(admin.secrets().inNamespace("kube-system")
                    .withName("bootstrap-token-cccccc").get()).isNotNull();
        }
    }

    private static Secret token(String id, Instant expiration) {
        return new SecretBuilder().withNewMetadata().withName("bootstrap-token-" + id)
                .endMetadata().withType("bootstrap.kubernetes.io/token")
                .addToStringData("token-id", id).addToStringData("token-secret", "0123456789abcdef")
                .addToStringData("expiration", expiration.toString())
                .addToStringData("usage-bootstrap-authentication", "true").build();
    }
}
