package io.j8s.scheduler.plugins.fake;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.j8s.apiserver.ApiServer;
import io.j8s.store.Store;
import io.j8s.testkit.Directories;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A real API server (anonymous admin, plain HTTP, SQLite) for plugins that write, as preemption. */
public final class TestApi implements BeforeAllCallback, AfterAllCallback {
    private Path dir;
    private Store store;
    private ApiServer server;
    private KubernetesClient client;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("j8s-" + context.getRequiredTestClass().getSimpleName());
        store = Store.builder().dataDir(dir.resolve("data")).open();
        server = ApiServer.builder().store(store).host("127.0.0.1").port(0)
                .anonymousAdminForTests().start();
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl("http://127.0.0.1:" + server.port())
                .withRequestRetryBackoffLimit(0).build();
        client = new KubernetesClientBuilder().withConfig(config).build();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        if (store != null) {
            store.close();
        }
        if (dir != null) {
            Directories.deleteRecursively(dir);
        }
    }

    public KubernetesClient client() {
        return client;
    }
}
