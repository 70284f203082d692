package io.j8s.api.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.j8s.api.errors.StatusException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Just enough of an API server on a free loopback port for kubectl to send a create: minimal
 * discovery, and every POST recorded and answered 201 with its body as JSON (protobuf decoded
 * by {@link Protobuf}), so kubectl prints "created" only if it can read our JSON back.
 */
final class CapturingApiServer implements AutoCloseable {
    record Post(String path, String contentType, byte[] body) {
        boolean isProtobuf() {
            return Protobuf.MEDIA_TYPE.equals(contentType);
        }

        /** The body as a JSON tree: kubectl before 1.32 sends JSON, 1.32 and later protobuf. */
        ObjectNode decoded() {
            return isProtobuf() ? Protobuf.decode(body)
                    : ProtobufBodies.json(new String(body, StandardCharsets.UTF_8));
        }
    }

    private final HttpServer server;
    final List<Post> posts = new CopyOnWriteArrayList<>();

    CapturingApiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            if (x.getRequestMethod().equals("POST")) {
                byte[] body = x.getRequestBody().readAllBytes();
                posts.add(new Post(path, x.getRequestHeaders().getFirst("Content-Type"), body));
                try {
                    respond(x, 201, posts.getLast().decoded().toString());
                } catch (StatusException e) {
                    respond(x, e.code(), "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                            + "\"message\":\"" + e.getMessage().replace("\"", "'") + "\",\"code\":" + e.code() + "}");
                }
                return;
            }
            switch (path) {
                case "/version" -> respond(x, 200, "{\"major\":\"1\",\"minor\":\"33\",\"gitVersion\":\"v1.33.0\"}");
                case "/api" -> respond(x, 200, "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"]}");
                case "/apis" -> respond(x, 200, """
                        {"kind":"APIGroupList","apiVersion":"v1","groups":[{"name":"apps",
                         "versions":[{"groupVersion":"apps/v1","version":"v1"}],
                         "preferredVersion":{"groupVersion":"apps/v1","version":"v1"}}]}""");
                default -> respond(x, 404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                        + "\"reason\":\"NotFound\",\"code\":404}");
            }
        }
    }

    private static void respond(HttpExchange x, int code, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
