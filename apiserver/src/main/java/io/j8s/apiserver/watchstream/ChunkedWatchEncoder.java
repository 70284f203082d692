package io.j8s.apiserver.watchstream;

import io.j8s.apiserver.endpoints.ApiHandler;
import io.j8s.apiserver.endpoints.Reply;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/** A watch as upstream streams it over HTTP: a 200 chunked response, one JSON event a line. */
public final class ChunkedWatchEncoder implements WatchEncoder {
    private final HttpServerRequest request;
    private final HttpServerResponse response;

    public ChunkedWatchEncoder(HttpServerRequest request) {
        this.request = request;
        this.response = request.response();
    }

    @Override
    public synchronized void open() {
        if (!response.headWritten() && !response.ended()) {
            try {
                response.setStatusCode(200).setChunked(true)
                        .putHeader("Content-Type", ApiHandler.JSON)
                        .putHeader("Cache-Control", "no-cache, private");
                response.write(Buffer.buffer());
            } catch (IllegalStateException closed) {
                // the client left before the watch started
            }
        }
    }

    @Override
    public void write(byte[] event) {
        open();
        try {
            response.write(Buffer.buffer(event.length + 1).appendBytes(event)
                    .appendByte((byte) '\n'));
        } catch (IllegalStateException ended) {
            // the stream ended meanwhile (timeout, client gone): the event has nowhere to go
        }
    }

    @Override
    public boolean writeQueueFull() {
        try {
            return response.writeQueueFull();
        } catch (IllegalStateException ended) {
            return true;
        }
    }

    @Override
    public void drainHandler(Runnable drained) {
        response.drainHandler(v -> drained.run());
    }

    @Override
    public void closeHandler(Runnable closed) {
        response.closeHandler(v -> closed.run());
        request.connection().closeHandler(v -> closed.run());
    }

    @Override
    public synchronized void refuse(Reply.Body status) {
        if (!response.headWritten() && !response.ended()) {
            response.setStatusCode(status.code()).putHeader("Content-Type", status.contentType());
            status.headers().forEach(response::putHeader);
            response.end(Buffer.buffer(status.bytes()));
        } else {
            end(); // events went out before the watch failed: the stream just ends
        }
    }

    @Override
    public synchronized void end() {
        open();
        if (!response.ended()) {
            response.end();
        }
    }
}
