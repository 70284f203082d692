package io.j8s.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.j8s.store.KeyValue;
import io.j8s.store.ListPage;
import io.j8s.store.Store;
import io.j8s.store.StoreException;
import io.j8s.store.StoreUnavailableException;
import io.j8s.store.Watch;
import io.j8s.store.WatchListener;
import io.j8s.testkit.Directories;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The configmaps' watch cache loses its store watch and the store refuses new watches for a
 * while: the cache tries again with back-off until it follows the store again, /readyz names it
 * while it cannot, and watches of it get upstream's 429 meanwhile.
 */
class WatchCacheReloadIT {
    private static final String CONFIGMAPS = "/registry/configmaps/";

    private Path dir;
    private Store sqlite;
    private FlakyStore store;
    private ApiServer server;
    private HttpClient http;

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("j8s-reload");
        sqlite = Store.builder().dataDir(dir).open();
        store = new FlakyStore(sqlite);
        server = ApiServer.builder().store(store).host("127.0.0.1").port(0)
                .anonymousAdminForTests().start();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        server.close();
        sqlite.close();
        Directories.deleteRecursively(dir);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCacheThatLosesItsWatchReloadsUntilItCanAndReadyzSaysWhichOneIsNot() throws Exception {
        assertThat(get("/readyz").body()).isEqualTo("ok");

        store.failWatches(true);
        store.loseTheConfigMapWatch();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpResponse<String> r = get("/readyz");
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.body()).contains("[+]ping ok\n", "[+]etcd ok\n",
                    "[+]watch-cache/pods ok\n", "[+]watch-cache/deployments.apps ok\n",
                    "[-]watch-cache/configmaps failed: reason withheld\n")
                    .endsWith("readyz check failed\n");
        });
        HttpResponse<String> detail = get("/readyz/watch-cache/configmaps");
        assertThat(detail.statusCode()).isEqualTo(500);
        assertThat(detail.body()).startsWith("internal server error: ")
                .contains("the store refuses watches");
        assertThat(get("/readyz?exclude=watch-cache/configmaps&verbose").statusCode())
                .isEqualTo(200);

        HttpResponse<String> watch = get("/api/v1/namespaces/default/configmaps?watch=true");
        assertThat(watch.statusCode()).isEqualTo(429);
        assertThat(watch.body()).contains("\"reason\":\"TooManyRequests\"",
                "storage is (re)initializing");
        assertThat(watch.headers().firstValue("Retry-After")).hasValue("1");
        // lists are served from the store meanwhile
        assertThat(get("/api/v1/namespaces/default/configmaps").statusCode()).isEqualTo(200);

        // It keeps trying, not once.
        await().atMost(Duration.ofSeconds(30)).until(() -> store.refused.get() >= 3);
        store.failWatches(false);
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/readyz").body().equals("ok"));

        HttpResponse<java.io.InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + server.port()
                + "/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=30")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + server.port() + "/api/v1/namespaces/default/configmaps"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"metadata\":{\"name\":\"back\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(),
                StandardCharsets.UTF_8))) {
            assertThat(in.readLine()).contains("\"ADDED\"", "\"name\":\"back\"");
        }
    }

    /** A store whose watches of configmaps can be lost and refused on demand. */
    static final class FlakyStore implements Store {
        private final Store delegate;
        private volatile boolean failing;
        final AtomicInteger refused = new AtomicInteger();
        private final AtomicReference<WatchListener> configMaps = new AtomicReference<>();

        FlakyStore(Store delegate) {
            this.delegate = delegate;
        }

        void failWatches(boolean fail) {
            failing = fail;
        }

        /** The configmaps' store watch ends with an error, as a dropped etcd connection does. */
        void loseTheConfigMapWatch() {
            WatchListener l = configMaps.getAndSet(null);
            Thread.ofVirtual().start(() -> l.onClosed(new StoreUnavailableException(
                    "the connection to the store was lost")));
        }

        @Override
        public Watch watch(String prefix, long fromRevision, WatchListener listener) {
            if (!prefix.equals(CONFIGMAPS)) {
                return delegate.watch(prefix, fromRevision, listener);
            }
            if (failing) {
                refused.incrementAndGet();
                throw new StoreUnavailableException("the store refuses watches");
            }
            WatchListener forwarding = new WatchListener() {
                @Override
                public void onEvent(io.j8s.store.WatchEvent event) {
                    if (configMaps.get() == this) {
                        listener.onEvent(event);
                    }
                }

                @Override
                public void onClosed(StoreException cause) {
                    listener.onClosed(cause);
                }
            };
            configMaps.set(forwarding);
            return delegate.watch(prefix, fromRevision, forwarding);
        }

        @Override
        public long currentRevision() {
            return delegate.currentRevision();
        }

        @Override
        public Optional<KeyValue> get(String key) {
            return delegate.get(key);
        }

        @Override
        public ListPage list(String prefix, long revision, int limit, String continueKey) {
            return delegate.list(prefix, revision, limit, continueKey);
        }

        @Override
        public KeyValue create(String key, byte[] value) {
            return delegate.create(key, value);
        }

        @Override
        public KeyValue update(String key, byte[] value, long expectedModRevision) {
            return delegate.update(key, value, expectedModRevision);
        }

        @Override
        public Deleted delete(String key, long expectedModRevision) {
            return delegate.delete(key, expectedModRevision);
        }

        @Override
        public void compact(long revision) {
            delegate.compact(revision);
        }

        @Override
        public long compactRevision() {
            return delegate.compactRevision();
        }

        @Override
        public void awaitReady(Duration timeout) {
            delegate.awaitReady(timeout);
        }

        @Override
        public String describe() {
            return "flaky " + delegate.describe();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
