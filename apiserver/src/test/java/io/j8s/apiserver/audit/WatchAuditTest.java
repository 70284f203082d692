package io.j8s.apiserver.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.codec.Json;
import io.j8s.apiserver.ApiServer;
import io.j8s.store.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A watch's audit events, as upstream writes them: received, started, and complete when it ends. */
class WatchAuditTest {
    @TempDir
    Path dir;

    private List<JsonNode> events(Path log, String verb) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            JsonNode e = Json.MAPPER.readTree(line);
            if (e.path("verb").asText().equals(verb)) {
                events.add(e);
            }
        }
        return events;
    }

    private static List<String> stages(List<JsonNode> events) {
        return events.stream().map(e -> e.path("stage").asText()).toList();
    }

    @Test
    void aWatchIsCompleteInTheAuditLogWhenItEndsOverChunksAndOverWebSocket() throws Exception {
        Path policy = Files.writeString(dir.resolve("audit.yaml"),
                "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Metadata\n");
        Path log = dir.resolve("audit.log");
        try (Store store = Store.builder().dataDir(dir.resolve("data")).open();
                ApiServer server = ApiServer.builder().store(store).host("127.0.0.1").port(0)
                        .anonymousAdminForTests()
                        .audit(AuditLog.open(policy, log.toString(), 100, 0, 0)).start()) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> watch = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.port() + "/api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=1"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(watch.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(stages(events(log, "watch")))
                    .containsExactly("RequestReceived", "ResponseStarted", "ResponseComplete"));
            List<JsonNode> chunked = events(log, "watch");
            assertThat(chunked).extracting(e -> e.path("auditID").asText()).containsOnly(
                    chunked.get(0).path("auditID").asText());
            assertThat(chunked.get(2).path("responseStatus").path("code").asInt()).isEqualTo(200);

            CompletableFuture<Void> closed = new CompletableFuture<>();
            http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + server.port()
                    + "/api/v1/namespaces/default/secrets?watch=1&timeoutSeconds=1"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                            closed.complete(null);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            closed.get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(stages(events(log, "watch")))
                    .hasSize(6).endsWith("RequestReceived", "ResponseStarted", "ResponseComplete"));
            JsonNode complete = events(log, "watch").get(5);
            assertThat(complete.path("objectRef").path("resource").asText()).isEqualTo("secrets");
            assertThat(complete.path("responseStatus").path("code").asInt()).isEqualTo(101);
        }
    }
}
