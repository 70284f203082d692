package io.j8s.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.j8s.apiserver.ApiServer;
import io.j8s.apiserver.authn.Authenticator;
import io.j8s.controllers.ControllerManager;
import io.j8s.store.Store;
import io.j8s.testkit.Directories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * jobs10k at a small size against an in-process API server and the Job controller
 * ({@code -Djobs=10000} runs the full size).
 */
class ControllersJobsBenchTest {
    @Test
    void everyJobCompletesEndToEnd() throws Exception {
        int jobs = Integer.getInteger("jobs", 100);
        Path dir = Files.createTempDirectory("j8s-jobs-bench");
        Path tokens = dir.resolve("tokens.csv");
        Files.writeString(tokens, "admin,admin,1,system:masters\n"
                + "cm,system:kube-controller-manager,2\n");
        try (Store store = Store.builder().dataDir(dir.resolve("data")).open();
                ApiServer server = ApiServer.builder().store(store).host("127.0.0.1").port(0)
                        .authenticator(Authenticator.tokenFile(tokens)).start();
                KubernetesClient admin = client(server, "admin");
                KubernetesClient cm = client(server, "cm");
                ControllerManager controllers = ControllerManager.builder().client(cm)
                        .allocateNodeCidrs(false).controllers(Set.of("job")).start()) {
            double seconds = ControllersJobsBench.run(admin, jobs);
            System.out.printf("controllers jobs%d-s=%.1f%n", jobs, seconds);
            assertThat(seconds).isPositive();
            assertThat(admin.batch().v1().jobs().inNamespace(ControllersJobsBench.NAMESPACE)
                    .list().getItems()).hasSize(jobs).allMatch(j -> j.getStatus()
                            .getSucceeded() == 1);
        } finally {
            Directories.deleteRecursively(dir);
        }
    }

    private static KubernetesClient client(ApiServer server, String token) {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl("http://127.0.0.1:" + server.port()).withOauthToken(token)
                .withMaxConcurrentRequests(64).withMaxConcurrentRequestsPerHost(64).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
