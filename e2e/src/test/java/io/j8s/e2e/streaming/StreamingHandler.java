package io.j8s.e2e.streaming;

import io.j8s.e2e.streaming.StreamingBackend.LogOptions;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Routes one HTTP request to an endpoint: {@code /containerLogs/ns/pod/container} answers a
 * (possibly chunked, open-ended) text response; {@code /exec|attach/ns/pod/container} and
 * {@code /portForward/ns/pod} upgrade the connection to SPDY/3.1 or WebSocket and hand it to the
 * session for that protocol. Errors are plain text with the kubelet's status codes.
 */
final class StreamingHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final int MAX_WEBSOCKET_MESSAGE = 1 << 20;

    private final StreamingBackend backend;
    private final Consumer<StreamingServer.Upgrade> upgrades;
    private final BooleanSupplier webSockets;

    StreamingHandler(StreamingBackend backend, Consumer<StreamingServer.Upgrade> upgrades,
            BooleanSupplier webSockets) {
        this.backend = backend;
        this.upgrades = upgrades;
        this.webSockets = webSockets;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        List<String> path = Arrays.stream(uri.path().split("/")).filter(s -> !s.isEmpty())
                .map(s -> QueryStringDecoder.decodeComponent(s)).toList();
        Map<String, List<String>> query = uri.parameters();
        String endpoint = path.isEmpty() ? "" : path.get(0);
        switch (endpoint) {
            case "containerLogs" -> {
                if (path.size() == 4) {
                    logs(ctx, request, path.get(1), path.get(2), path.get(3), query);
                    return;
                }
            }
            case "exec", "attach" -> {
                if (path.size() == 4) {
                    remoteCommand(ctx, request, endpoint.equals("exec"), path.get(1), path.get(2),
                            path.get(3), query);
                    return;
                }
            }
            case "portForward" -> {
                if (path.size() == 3) {
                    portForward(ctx, request, path.get(1), path.get(2));
                    return;
                }
            }
            default -> { }
        }
        text(ctx, HttpResponseStatus.NOT_FOUND, "404 page not found");
    }

    private void logs(ChannelHandlerContext ctx, FullHttpRequest request, String namespace,
            String pod, String container, Map<String, List<String>> query) {
        Long tailLines = null;
        String tail = first(query, "tailLines");
        if (tail != null) {
            try {
                tailLines = Long.parseLong(tail);
            } catch (NumberFormatException e) {
                tailLines = -1L;
            }
            if (tailLines < 0) {
                text(ctx, HttpResponseStatus.BAD_REQUEST, "tailLines: Invalid value: \"" + tail
                        + "\": must be greater than or equal to 0");
                return;
            }
        }
        if (!backend.hasContainer(namespace, pod, container)) {
            text(ctx, HttpResponseStatus.NOT_FOUND, "container \"" + container + "\" in pod \""
                    + pod + "\" is not available");
            return;
        }
        LogOptions options = new LogOptions(flag(query, "follow"), tailLines, flag(query, "timestamps"));
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
        HttpUtil.setTransferEncodingChunked(head, true);
        ctx.writeAndFlush(head);
        Channel channel = ctx.channel();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        Thread.ofVirtual().name("logs-" + pod).start(() -> {
            try {
                backend.logs(namespace, pod, container, options, (at, line) -> {
                    if (!channel.isActive()) {
                        throw new IOException("client went away");
                    }
                    String text = (options.timestamps()
                            ? DateTimeFormatter.ISO_INSTANT.format(at) + " " : "") + line + "\n";
                    channel.writeAndFlush(new DefaultHttpContent(
                            Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)));
                });
            } catch (IOException e) {
                channel.close();
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            var last = channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            if (!keepAlive) {
                last.addListener(ChannelFutureListener.CLOSE);
            }
        });
    }

    private void remoteCommand(ChannelHandlerContext ctx, FullHttpRequest request, boolean exec,
            String namespace, String pod, String container, Map<String, List<String>> query) {
        List<String> command = query.getOrDefault("command", List.of());
        boolean stdin = flag(query, "stdin");
        boolean stdout = flag(query, "stdout");
        boolean stderr = flag(query, "stderr");
        boolean tty = flag(query, "tty");
        if (exec && command.isEmpty()) {
            text(ctx, HttpResponseStatus.BAD_REQUEST, "you must specify at least one command for the container");
            return;
        }
        if (!stdin && !stdout && !stderr) {
            text(ctx, HttpResponseStatus.BAD_REQUEST, "you must specify at least 1 of stdin, stdout, stderr");
            return;
        }
        if (!backend.hasContainer(namespace, pod, container)) {
            text(ctx, HttpResponseStatus.NOT_FOUND, "container not found (\"" + container + "\")");
            return;
        }
        RemoteCommand.Runner runner = exec
                ? streams -> backend.exec(namespace, pod, container, command, streams)
                : streams -> backend.attach(namespace, pod, container, streams);
        RemoteCommand remote = new RemoteCommand(stdin, stdout, stderr && !tty, tty,
                exec ? command : List.of(), runner);
        String endpoint = exec ? "exec" : "attach";
        Transport transport = transport(ctx, request);
        if (transport == Transport.WEBSOCKET) {
            String protocol = negotiateWebSocket(ctx, request, StreamProtocols.WEBSOCKET_REMOTE_COMMAND);
            if (protocol != null) {
                WebSocketRemoteCommand session = new WebSocketRemoteCommand(remote);
                ctx.pipeline().addAfter(ctx.name(), "ws-aggregator",
                        new WebSocketFrameAggregator(MAX_WEBSOCKET_MESSAGE));
                ctx.pipeline().addAfter("ws-aggregator", "ws-remote-command", session);
                handshake(ctx, request, endpoint, protocol, () -> session.start(ctx.channel()));
            }
        } else if (transport == Transport.SPDY) {
            String protocol = negotiateSpdy(ctx, request, StreamProtocols.SPDY_REMOTE_COMMAND);
            if (protocol != null) {
                SpdyRemoteCommand session = new SpdyRemoteCommand(remote, protocol);
                SpdyConnection connection = upgradeToSpdy(ctx, endpoint, protocol, session);
                session.startTimeout(connection);
            }
        }
    }

    private void portForward(ChannelHandlerContext ctx, FullHttpRequest request, String namespace,
            String pod) {
        if (!backend.hasPod(namespace, pod)) {
            text(ctx, HttpResponseStatus.NOT_FOUND, "pod does not exist");
            return;
        }
        SpdyPortForward session = new SpdyPortForward(pod,
                port -> backend.portForward(namespace, pod, port));
        Transport transport = transport(ctx, request);
        if (transport == Transport.WEBSOCKET) {
            List<String> tunnel = List.of(StreamProtocols.PORT_FORWARD_TUNNEL);
            String protocol = negotiateWebSocket(ctx, request, tunnel);
            if (protocol != null) {
                // Added once the 101 is written: the SPDY codec cannot encode an HTTP response.
                ChannelPipeline p = ctx.pipeline();
                handshake(ctx, request, "portForward", protocol, () -> p.addLast("ws-tunnel", new WebSocketTunnel())
                        .addLast("spdy", new SpdyFrameCodec(SpdyVersion.SPDY_3_1))
                        .addLast("spdy-session", new SpdyConnection(session)));
            }
        } else if (transport == Transport.SPDY) {
            List<String> portForward = List.of(StreamProtocols.PORT_FORWARD);
            String protocol = negotiateSpdy(ctx, request, portForward);
            if (protocol != null) {
                upgradeToSpdy(ctx, "portForward", protocol, session);
            }
        }
    }

    private enum Transport { SPDY, WEBSOCKET }

    /** What the request upgrades to, or null once it has been answered with 400. */
    private Transport transport(ChannelHandlerContext ctx, FullHttpRequest request) {
        String upgrade = request.headers().get(HttpHeaderNames.UPGRADE);
        if ("SPDY/3.1".equalsIgnoreCase(upgrade)) {
            return Transport.SPDY;
        }
        boolean webSocket = "websocket".equalsIgnoreCase(upgrade);
        if (webSocket && webSockets.getAsBoolean()) {
            return Transport.WEBSOCKET;
        }
        // kubectl takes a failed WebSocket upgrade as the sign to fall back to SPDY.
        text(ctx, HttpResponseStatus.BAD_REQUEST, webSocket
                ? "unable to upgrade: WebSocket is not served" : "Upgrade request required");
        return null;
    }

    private static String negotiateSpdy(ChannelHandlerContext ctx, FullHttpRequest request,
            List<String> supported) {
        List<String> offered = headerList(request, "X-Stream-Protocol-Version");
        String protocol = StreamProtocols.negotiate(offered, supported);
        if (protocol == null) {
            text(ctx, HttpResponseStatus.FORBIDDEN, "unable to upgrade: unable to negotiate protocol: "
                    + "client supports " + offered + ", server supports " + supported);
        }
        return protocol;
    }

    private static String negotiateWebSocket(ChannelHandlerContext ctx, FullHttpRequest request,
            List<String> supported) {
        List<String> offered = headerList(request, HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL.toString());
        String protocol = StreamProtocols.negotiate(offered, supported);
        if (protocol == null) {
            // kubectl takes a failed upgrade as the sign to fall back to SPDY.
            text(ctx, HttpResponseStatus.BAD_REQUEST, "unable to upgrade: client offers WebSocket "
                    + "subprotocols " + offered + ", server supports " + supported);
        }
        return protocol;
    }

    /** Answers 101 with the protocol and swaps HTTP for the SPDY codec and session. */
    private SpdyConnection upgradeToSpdy(ChannelHandlerContext ctx, String endpoint,
            String protocol, SpdyConnection.StreamAcceptor acceptor) {
        upgrades.accept(new StreamingServer.Upgrade(endpoint, "SPDY/3.1", protocol));
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.SWITCHING_PROTOCOLS);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
                .set(HttpHeaderNames.UPGRADE, "SPDY/3.1")
                .set("X-Stream-Protocol-Version", protocol);
        // On the event loop the response is encoded right here, before the codec goes.
        ctx.writeAndFlush(response);
        SpdyConnection connection = new SpdyConnection(acceptor);
        ChannelPipeline p = ctx.pipeline();
        p.remove(HttpObjectAggregator.class);
        p.replace(HttpServerCodec.class, "spdy", new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
        p.replace(this, "spdy-session", connection);
        return connection;
    }

    private void handshake(ChannelHandlerContext ctx, FullHttpRequest request, String endpoint,
            String protocol, Runnable onOpen) {
        upgrades.accept(new StreamingServer.Upgrade(endpoint, "websocket", protocol));
        String url = "wss://" + request.headers().get(HttpHeaderNames.HOST) + request.uri();
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(url, protocol,
                false, MAX_WEBSOCKET_MESSAGE).newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        ChannelHandler self = this;
        ctx.pipeline().remove(self);
        handshaker.handshake(ctx.channel(), request).addListener(f -> {
            if (f.isSuccess()) {
                onOpen.run();
            } else {
                ctx.channel().close();
            }
        });
    }

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

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static boolean flag(Map<String, List<String>> query, String name) {
        String v = first(query, name);
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }

    private static void text(ChannelHandlerContext ctx, HttpResponseStatus status, String body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body + "\n", StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        HttpUtil.setContentLength(response, response.content().readableBytes());
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
