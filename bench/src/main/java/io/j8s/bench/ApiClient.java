package io.j8s.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * Blocking JSON requests to an API server over HTTP/1.1 (HTTPS with a client certificate, or plain
 * HTTP) with the JDK's client, which keeps one connection per concurrent request alive between
 * requests. Thread-safe.
 */
final class ApiClient {
    private static final Pattern RESOURCE_VERSION =
            Pattern.compile("\"resourceVersion\"\\s*:\\s*\"(\\d+)\"");

    /** A response: its status and body. */
    record Response(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The first {@code resourceVersion} in the body: the object's (or the list's). */
        String resourceVersion() {
            Matcher m = RESOURCE_VERSION.matcher(text());
            if (!m.find()) {
                throw new IllegalStateException("no resourceVersion in " + abbreviated());
            }
            return m.group(1);
        }

        String abbreviated() {
            String t = text();
            return t.length() > 300 ? t.substring(0, 300) + "..." : t;
        }
    }

    private final HttpClient http;
    private final String base;

    /** @param tls the TLS context with the client's certificate for https; null for http */
    ApiClient(String base, SSLContext tls) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                // The first TLS handshake takes seconds on a busy machine.
                .connectTimeout(Duration.ofSeconds(30));
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
        this.base = base;
    }

    Response get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Response post(String path, byte[] json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)));
    }

    Response put(String path, byte[] json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(json)));
    }

    Response mergePatch(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Like {@link Response}, but fails unless the status is {@code expected}. */
    static Response expect(int expected, Response r, String what) {
        if (r.status() != expected) {
            throw new IllegalStateException(what + ": HTTP " + r.status() + " " + r.abbreviated());
        }
        return r;
    }

    private Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(request.header("Accept", "application/json")
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(r.statusCode(), r.body());
    }
}
