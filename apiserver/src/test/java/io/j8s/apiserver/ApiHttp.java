package io.j8s.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import io.j8s.store.Store;
import io.j8s.testkit.Directories;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** An in-process API server on a temporary SQLite store, and plain HTTP requests to it. */
final class ApiHttp implements AutoCloseable {
    private final Path dir;
    private final Store store;
    private final ApiServer server;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build();

    private ApiHttp(Path dir, Store store, ApiServer server) {
        this.dir = dir;
        this.store = store;
        this.server = server;
    }

    static ApiHttp start() throws IOException {
        Path dir = Files.createTempDirectory("j8s-api-http");
        Store store = Store.builder().dataDir(dir).open();
        ApiServer server = ApiServer.builder().store(store).host("127.0.0.1").port(0)
                .anonymousAdminForTests().start();
        return new ApiHttp(dir, store, server);
    }

    /** One request; {@code body} null for none, sent as JSON. */
    HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.port() + path)).timeout(Duration.ofSeconds(30));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A request that must answer {@code code}; its body as JSON. */
    ObjectNode expect(int code, String method, String path, String body) throws Exception {
        HttpResponse<String> r = send(method, path, body);
        if (r.statusCode() != code) {
            throw new AssertionError(method + " " + path + " answered " + r.statusCode()
                    + ", not " + code + ": " + r.body());
        }
        return Json.tree(r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.close();
        store.close();
        Directories.deleteRecursively(dir);
    }
}
