package io.j8s.testcluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.j8s.apiserver.ApiServer;
import io.j8s.apiserver.authn.Authenticator;
import io.j8s.store.Store;
import io.j8s.testkit.Directories;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real API server (plain HTTP on a free loopback port) over a fresh SQLite store, with the
 * bootstrap authorizer and bearer tokens for the users a component test plays: the admin, the
 * controller manager, the scheduler, a joining node's bootstrap identity and node {@code n1}.
 *
 * <pre>{@code @RegisterExtension static final TestCluster cluster = new TestCluster();}</pre>
 */
public final class TestCluster implements BeforeAllCallback, AfterAllCallback {
    public static final String ADMIN = "admin-token";
    public static final String CONTROLLER_MANAGER = "controller-manager-token";
    public static final String SCHEDULER = "scheduler-token";
    public static final String BOOTSTRAPPER = "bootstrapper-token";
    public static final String NODE_N1 = "node-n1-token";
    private Path dir;
    private Store store;
    private ApiServer server;
    private KubernetesClient admin;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("j8s-" + context.getRequiredTestClass().getSimpleName());
        Path tokens = dir.resolve("tokens.csv");
        Files.writeString(tokens, String.join("\n",
                ADMIN + ",admin,1,system:masters",
                CONTROLLER_MANAGER + ",system:kube-controller-manager,2",
                BOOTSTRAPPER + ",system:bootstrap:abcdef,3,\"system:bootstrappers,"
                        + "system:bootstrappers:j8s:default-node-token\"",
                NODE_N1 + ",system:node:n1,4,system:nodes",
                SCHEDULER + ",system:kube-scheduler,5") + "\n");
        store = Store.builder().dataDir(dir.resolve("data")).open();
        server = ApiServer.builder().store(store).host("127.0.0.1").port(0)
                .authenticator(Authenticator.tokenFile(tokens)).start();
        admin = client(ADMIN);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (admin != null) {
            admin.close();
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

    /** The admin's client; tests may use it freely but must not close it. */
    public KubernetesClient admin() {
        return admin;
    }

    /** The admin's client, as {@link #admin()}. */
    public KubernetesClient client() {
        return admin;
    }

    /** A new client with one of the tokens above; the caller closes it. */
    public KubernetesClient client(String token) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url())
                .withOauthToken(token).withRequestRetryBackoffLimit(0).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** A temporary directory of the test class's own, removed after it. */
    public Path dir() {
        return dir;
    }
}
