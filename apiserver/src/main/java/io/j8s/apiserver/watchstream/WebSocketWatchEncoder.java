package io.j8s.apiserver.watchstream;

import io.j8s.apiserver.endpoints.Reply;
import io.vertx.core.http.ServerWebSocket;
import java.nio.charset.StandardCharsets;

/** A watch over WebSocket, as fabric8 asks for it: one text frame per event. */
public final class WebSocketWatchEncoder implements WatchEncoder {
    private final ServerWebSocket ws;

    public WebSocketWatchEncoder(ServerWebSocket ws) {
        this.ws = ws;
    }

    @Override
    public void open() {
        // the upgrade was the head
    }

    @Override
    public void write(byte[] event) {
        try {
            ws.writeTextMessage(new String(event, StandardCharsets.UTF_8));
        } catch (IllegalStateException closed) {
            // the socket closed meanwhile: the event has nowhere to go
        }
    }

    @Override
    public boolean writeQueueFull() {
        try {
            return ws.writeQueueFull();
        } catch (IllegalStateException closed) {
            return true;
        }
    }

    @Override
    public void drainHandler(Runnable drained) {
        ws.drainHandler(v -> drained.run());
    }

    @Override
    public void closeHandler(Runnable closed) {
        ws.closeHandler(v -> closed.run());
    }

    @Override
    public void refuse(Reply.Body status) {
        ws.writeTextMessage(new String(status.bytes(), StandardCharsets.UTF_8))
                .onComplete(x -> ws.close());
    }

    @Override
    public void end() {
        if (!ws.isClosed()) {
            ws.close();
        }
    }
}
