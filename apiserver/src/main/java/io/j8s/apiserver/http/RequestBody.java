package io.j8s.apiserver.http;

import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.endpoints.ApiHandler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.function.Consumer;

/**
 * Reads a request's body, at most {@value #LIMIT} bytes (upstream's 3 MiB): a larger
 * {@code Content-Length} is refused before a byte is read, and a body that grows past the limit
 * while it arrives (chunked, or longer than announced) is refused as soon as it does, with
 * upstream's 413 and the connection closed; nothing beyond the limit is ever held.
 */
final class RequestBody {
    static final int LIMIT = 3 * 1024 * 1024;

    private RequestBody() {}

    /** Whether the request announces a body (a length above zero, or chunks). */
    static boolean announced(HttpServerRequest req) {
        String length = req.getHeader("Content-Length");
        return length != null && !length.trim().equals("0")
                || req.getHeader("Transfer-Encoding") != null;
    }

    /** Reads the whole body, then hands it to {@code then} (on the event loop). */
    static void read(HttpServerRequest req, Consumer<byte[]> then) {
        String length = req.getHeader("Content-Length");
        if (length != null && parseLong(length) > LIMIT) {
            tooLarge(req);
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] over = new boolean[1];
        req.handler(chunk -> {
            if (over[0]) {
                return;
            }
            if (body.length() + chunk.length() > LIMIT) {
                over[0] = true;
                tooLarge(req);
                return;
            }
            body.appendBuffer(chunk);
        });
        req.endHandler(v -> {
            if (!over[0]) {
                then.accept(body.getBytes());
            }
        });
    }

    private static void tooLarge(HttpServerRequest req) {
        StatusException e = StatusException.tooLarge("Request entity too large: limit is "
                + LIMIT);
        HttpServerResponse r = req.response();
        if (!r.ended()) {
            r.setStatusCode(413).putHeader("Content-Type", ApiHandler.JSON)
                    .putHeader("Cache-Control", "no-cache, private")
                    .putHeader("Connection", "close")
                    .end(Buffer.buffer(Json.statusBytes(e.status())))
                    .onComplete(x -> req.connection().close());
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
