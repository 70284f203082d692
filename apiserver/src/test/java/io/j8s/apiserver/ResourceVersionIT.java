package io.j8s.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.codec.Json;
import io.j8s.store.Store;
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
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * resourceVersion at the edges, over HTTP: a revision the server has not reached yet (a list waits
 * for it a little, then answers 504 Timeout "Too large resource version", as upstream's cacher; a
 * watch from it waits for it), and the informer's first list at {@code resourceVersion=0} with a
 * limit, served whole from the watch cache so that no continue token can expire.
 */
class ResourceVersionIT {
    private static final String CONFIGMAPS = "/api/v1/namespaces/default/configmaps";

    private static Path dir;
    private static Store store;
    private static ApiServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("j8s-rv");
        // What --etcd-compaction-interval 1s sets up: history older than a second is compacted.
        store = Store.builder().dataDir(dir).retention(Duration.ofSeconds(1)).open();
        server = ApiServer.builder().store(store).host("127.0.0.1").port(0)
                .anonymousAdminForTests().start();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
        Directories.deleteRecursively(dir);
    }

    private static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(20))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    private static String create(String name) throws Exception {
        String body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
                + "\"},\"data\":{\"k\":\"v\"}}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(CONFIGMAPS))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).path("metadata").path("resourceVersion").asText();
    }

    private static JsonNode json(HttpResponse<String> r) {
        return Json.tree(r.body().getBytes(StandardCharsets.UTF_8));
    }

    private static long current() throws Exception {
        return Long.parseLong(json(get(CONFIGMAPS)).path("metadata").path("resourceVersion")
                .asText());
    }

    private static void assertTooLarge(HttpResponse<String> r, long asked) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(504);
        JsonNode status = json(r);
        assertThat(status.path("kind").asText()).isEqualTo("Status");
        assertThat(status.path("reason").asText()).isEqualTo("Timeout");
        assertThat(status.path("message").asText())
                .startsWith("Timeout: Too large resource version: " + asked + ", current: ");
        assertThat(status.path("details").path("causes").get(0).path("reason").asText())
                .isEqualTo("ResourceVersionTooLarge");
        assertThat(status.path("details").path("causes").get(0).path("message").asText())
                .isEqualTo("Too large resource version");
        assertThat(status.path("details").path("retryAfterSeconds").asInt()).isEqualTo(1);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
    }

    @Test
    void aListAtAFutureResourceVersionWaitsThenTimesOut() throws Exception {
        create("present");
        long future = current() + 1_000_000;
        for (String query : new String[] {
            "?resourceVersion=" + future,
            "?resourceVersion=" + future + "&resourceVersionMatch=NotOlderThan",
            "?resourceVersion=" + future + "&resourceVersionMatch=Exact",
            "?resourceVersion=" + future + "&limit=10",
        }) {
            long started = System.nanoTime();
            HttpResponse<String> r = get(CONFIGMAPS + query);
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTooLarge(r, future);
            assertThat(waited).as(query).isBetween(2_500L, 15_000L);
        }
    }

    @Test
    void aForgedContinueTokenFromTheFutureTimesOut() throws Exception {
        create("forged");
        long future = current() + 1_000_000;
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"v\":\"meta.k8s.io/v1\",\"rv\":" + future + ",\"start\":\"a\"}")
                        .getBytes(StandardCharsets.UTF_8));
        assertTooLarge(get(CONFIGMAPS + "?limit=1&continue=" + token), future);
    }

    @Test
    void aListAtARevisionThatArrivesWhileItWaitsIsServed() throws Exception {
        long next = current() + 1;
        var answer = http.sendAsync(HttpRequest.newBuilder(uri(CONFIGMAPS + "?resourceVersion="
                + next + "&resourceVersionMatch=NotOlderThan")).build(),
                HttpResponse.BodyHandlers.ofString());
        create("arrives");
        HttpResponse<String> r = answer.get(20, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(Long.parseLong(json(r).path("metadata").path("resourceVersion").asText()))
                .isGreaterThanOrEqualTo(next);
    }

    @Test
    void aWatchFromAFutureResourceVersionDeliversOnlyWhatComesAfterIt() throws Exception {
        long now = current();
        long from = now + 2; // the next two writes are before it; the third after it
        HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(uri(CONFIGMAPS
                + "?watch=true&timeoutSeconds=30&resourceVersion=" + from)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // the test is over
            }
        });
        try {
            create("before-1");
            create("before-2");
            create("after");
            String line = lines.poll(20, TimeUnit.SECONDS);
            assertThat(line).isNotNull();
            JsonNode event = Json.tree(line.getBytes(StandardCharsets.UTF_8));
            assertThat(event.path("type").asText()).isEqualTo("ADDED");
            assertThat(event.path("object").path("metadata").path("name").asText())
                    .isEqualTo("after");
        } finally {
            reader.interrupt();
            r.body().close();
        }
    }

    @Test
    void anInformersFirstPagedListAtZeroIsWholeEvenAfterCompaction() throws Exception {
        create("paged-1");
        create("paged-2");
        String last = create("paged-3");
        // Writes elsewhere move the store on, and compaction passes the configmaps' last change:
        // a continue token at the configmaps' revision would now be too old.
        HttpResponse<String> secret = http.send(HttpRequest.newBuilder(
                uri("/api/v1/namespaces/default/secrets")).header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofString(
                "{\"metadata\":{\"name\":\"later\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(secret.statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> store.compactRevision() > Long.parseLong(last));

        HttpResponse<String> r = get(CONFIGMAPS + "?resourceVersion=0&limit=2");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode list = json(r);
        assertThat(list.path("metadata").path("continue").asText("")).isEmpty();
        assertThat(list.path("items").findValuesAsText("name"))
                .contains("paged-1", "paged-2", "paged-3");
    }
}
