package io.j8s.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * etcd without j8s: plain puts through etcd's own v3 HTTP gateway ({@code POST /v3/kv/put}) from
 * one JDK HTTP/1.1 client that keeps its connections alive. It is the yardstick of the etcd
 * backend: whatever j8s's backend costs beyond it is the client library's and the backend's.
 */
final class RawEtcd implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    private final URI put;
    private final HttpClient http;

    RawEtcd(String endpoint) {
        this.put = URI.create(endpoint + "/v3/kv/put");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT)
                .build();
    }

    /** Puts {@code value} at {@code key} and returns when etcd has answered (after its fsync). */
    void put(String key, byte[] value) throws IOException, InterruptedException {
        String body = "{\"key\":\"" + BASE64.encodeToString(key.getBytes(StandardCharsets.UTF_8))
                + "\",\"value\":\"" + BASE64.encodeToString(value) + "\"}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(put)
                        .timeout(TIMEOUT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.body().contains("\"revision\"")) {
            throw new IllegalStateException("etcd's gateway answered a put of " + key + " with "
                    + response.statusCode() + ": " + response.body());
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
