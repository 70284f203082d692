package io.j8s.kubelet;

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

/**
 * A real API server (plain HTTP on a free loopback port, every request a cluster admin) over a
 * fresh SQLite store, started once for a test class, and a fabric8 client to it: the cluster a
 * kubelet test runs its kubelet against.
 *
 * <pre>{@code @RegisterExtension static final TestCluster cluster = new TestCluster();}</pre>
 */
public final class TestCluster implements BeforeAllCallback, AfterAllCallback {
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
        client = newClient();
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

    /** The class's client; tests may use it freely but must not close it. */
    public KubernetesClient client() {
        return client;
    }

    /** A new client of its own (the caller closes it): what a kubelet under test is given. */
    public KubernetesClient newClient() {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url())
                .withRequestRetryBackoffLimit(0).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** A temporary directory of the test class's own (a kubelet's data dir), removed after it. */
    public Path dir() {
        return dir;
    }
}
