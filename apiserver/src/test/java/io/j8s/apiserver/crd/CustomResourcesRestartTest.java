package io.j8s.apiserver.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.j8s.apiserver.ApiServer;
import io.j8s.store.Store;
import io.j8s.testkit.Directories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A restarted API server serves the custom resources of the definitions it finds stored. */
class CustomResourcesRestartTest {

    @Test
    void aRestartedServerServesStoredDefinitionsFromItsFirstRequest() throws Exception {
        Path dir = Files.createTempDirectory("j8s-crd-restart");
        try (Store store = Store.builder().dataDir(dir).open()) {
            try (ApiServer first = start(store); KubernetesClient client = client(first)) {
                client.apiextensions().v1().customResourceDefinitions()
                        .resource(Widgets.definition()).create();
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> Widgets.established(client, "widgets.example.com"));
                client.genericKubernetesResources(Widgets.V1).inNamespace("default")
                        .resource(Widgets.widget("kept", "red", 1)).create();
            }
            try (ApiServer second = start(store); KubernetesClient client = client(second)) {
                assertThat(client.genericKubernetesResources(Widgets.V1).inNamespace("default")
                        .withName("kept").get()).isNotNull();
            }
        } finally {
            Directories.deleteRecursively(dir);
        }
    }

    private static ApiServer start(Store store) {
        return ApiServer.builder().store(store).host("127.0.0.1").port(0)
                .anonymousAdminForTests().start();
    }

    private static KubernetesClient client(ApiServer server) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + server.port()).build()).build();
    }
}
