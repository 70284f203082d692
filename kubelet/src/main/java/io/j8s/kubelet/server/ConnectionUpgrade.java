package io.j8s.kubelet.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Turning an HTTP/1.1 request into a SPDY/3.1 or WebSocket connection: which one the client asks
 * for ({@code Upgrade}), the protocol both sides speak (X-Stream-Protocol-Version for SPDY,
 * Sec-WebSocket-Protocol for WebSocket; 403 and 400 when there is none, so that kubectl can fall
 * back), the 101, and the pipeline after it. Every upgrade is reported to {@code upgrades}.
 */
final class ConnectionUpgrade {
    static final int MAX_WEBSOCKET_MESSAGE = 1 << 20;

    enum Transport { SPDY, WEBSOCKET }

    private final Consumer<StreamingServer.Upgrade> upgrades;
    private final BooleanSupplier webSockets;

    ConnectionUpgrade(Consumer<StreamingServer.Upgrade> upgrades, BooleanSupplier webSockets) {
        this.upgrades = upgrades;
        this.webSockets = webSockets;
    }

    /** What the request upgrades to, or null once it has been answered with 400. */
    Transport transport(ChannelHandlerContext ctx, FullHttpRequest request) {
        String upgrade = request.headers().get(HttpHeaderNames.UPGRADE);
        if ("SPDY/3.1".equalsIgnoreCase(upgrade)) {
            return Transport.SPDY;
        }
        boolean webSocket = "websocket".equalsIgnoreCase(upgrade);
        if (webSocket && webSockets.getAsBoolean()) {
            return Transport.WEBSOCKET;
        }
        // kubectl takes a failed WebSocket upgrade as the sign to fall back to SPDY.
        PlainText.reply(ctx, HttpResponseStatus.BAD_REQUEST, webSocket
                ? "unable to upgrade: WebSocket is not served" : "Upgrade request required");
        return null;
    }

    /** The SPDY protocol to speak, or null once the request has been answered with 403. */
    String negotiateSpdy(ChannelHandlerContext ctx, FullHttpRequest request, List<String> supported) {
        List<String> offered = headerList(request, "X-Stream-Protocol-Version");
        String protocol = StreamProtocols.negotiate(offered, supported);
        if (protocol == null) {
            PlainText.reply(ctx, HttpResponseStatus.FORBIDDEN, "unable to upgrade: unable to "
                    + "negotiate protocol: client supports " + offered + ", server supports " + supported);
        }
        return protocol;
    }

    /** The WebSocket subprotocol to speak, or null once the request has been answered with 400. */
    String negotiateWebSocket(ChannelHandlerContext ctx, FullHttpRequest request,
            List<String> supported) {
        List<String> offered = headerList(request, HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL.toString());
        String protocol = StreamProtocols.negotiate(offered, supported);
        if (protocol == null) {
            PlainText.reply(ctx, HttpResponseStatus.BAD_REQUEST, "unable to upgrade: client offers "
                    + "WebSocket subprotocols " + offered + ", server supports " + supported);
        }
        return protocol;
    }

    /**
     * Answers 101 with {@code protocol} and puts the SPDY codec and {@code connection} where HTTP
     * and {@code handler} were. Call on the event loop, which encodes the 101 before the HTTP codec
     * goes.
     */
    void toSpdy(ChannelHandlerContext ctx, ChannelHandler handler, String endpoint, String protocol,
            SpdyConnection connection) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.SWITCHING_PROTOCOLS);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
                .set(HttpHeaderNames.UPGRADE, "SPDY/3.1")
                .set("X-Stream-Protocol-Version", protocol);
        ctx.writeAndFlush(response);
        ChannelPipeline p = ctx.pipeline();
        p.remove(HttpObjectAggregator.class);
        p.replace(HttpServerCodec.class, "spdy", new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
        p.replace(handler, "spdy-session", connection);
        upgrades.accept(new StreamingServer.Upgrade(endpoint, "SPDY/3.1", protocol));
    }

    /**
     * Answers the WebSocket handshake with {@code protocol}, removes {@code handler} and runs
     * {@code onOpen} once the 101 is written (on the event loop, before the next read).
     */
    void toWebSocket(ChannelHandlerContext ctx, ChannelHandler handler, FullHttpRequest request,
            String endpoint, String protocol, Runnable onOpen) {
        String url = "wss://" + request.headers().get(HttpHeaderNames.HOST) + request.uri();
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(url, protocol,
                false, MAX_WEBSOCKET_MESSAGE).newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        ctx.pipeline().remove(handler);
        handshaker.handshake(ctx.channel(), request).addListener(f -> {
            if (f.isSuccess()) {
                onOpen.run();
            } else {
                ctx.channel().close();
            }
        });
        upgrades.accept(new StreamingServer.Upgrade(endpoint, "websocket", protocol));
    }

    /** Every value of a header that may repeat or hold a comma-separated list. */
    private static List<String> headerList(FullHttpRequest request, String name) {
        List<String> values = new ArrayList<>();
        for (String v : request.headers().getAll(name)) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    values.add(part.trim());
                }
            }
        }
        return values;
    }
}
