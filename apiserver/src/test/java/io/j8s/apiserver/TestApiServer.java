package io.j8s.apiserver;

import io.j8s.store.Store;
import io.j8s.testkit.Directories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiFunction;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An API server on a free loopback port over a fresh SQLite store in a temporary directory, started
 * once for a test class and stopped (store closed, directory removed) after it. What every IT of
 * this module that needs a server registers:
 *
 * <pre>{@code @RegisterExtension static final TestApiServer server = TestApiServer.plain();}</pre>
 *
 * By default it admits every request as a cluster admin over plain HTTP; {@link #configured}
 * takes the builder further (TLS, a kubelet client) before it starts.
 */
public final class TestApiServer implements BeforeAllCallback, AfterAllCallback {
    private final BiFunction<ApiServerBuilder, Path, ApiServerBuilder> configure;
    private Path dir;
    private Store store;
    private ApiServer server;

    private TestApiServer(BiFunction<ApiServerBuilder, Path, ApiServerBuilder> configure) {
        this.configure = configure;
    }

    /** An anonymous-admin server over plain HTTP. */
    public static TestApiServer plain() {
        return new TestApiServer((b, dir) -> b);
    }

    /**
     * A server whose builder {@code configure} finishes, given the class's directory so that it
     * may put files there (certificates).
     */
    public static TestApiServer configured(
            BiFunction<ApiServerBuilder, Path, ApiServerBuilder> configure) {
        return new TestApiServer(configure);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("j8s-" + context.getRequiredTestClass().getSimpleName());
        store = Store.builder().dataDir(dir.resolve("data")).open();
        server = configure.apply(ApiServer.builder().store(store).host("127.0.0.1").port(0)
                .anonymousAdminForTests(), dir).start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
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

    public int port() {
        return server.port();
    }

    /** {@code http://127.0.0.1:PORT} (a {@link #configured} server with TLS answers https). */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** The store under the server, for tests that check what reached it. */
    public Store store() {
        return store;
    }

    /** A temporary directory of the test class's own, removed after it. */
    public Path dir() {
        return dir;
    }
}
