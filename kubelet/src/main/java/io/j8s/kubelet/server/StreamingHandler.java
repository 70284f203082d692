package io.j8s.kubelet.server;

import io.j8s.kubelet.server.ConnectionUpgrade.Transport;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyVersion;
import java.util.Arrays;
import java.util.List;

/**
 * Routes one HTTP request to an endpoint: {@code /containerLogs/ns/pod/container} answers a
 * (possibly open-ended) text response; {@code /exec|attach/ns/pod/container} and
 * {@code /portForward/ns/pod} upgrade the connection to SPDY/3.1 or WebSocket and hand it to the
 * session for that protocol. Errors are plain text with the kubelet's status codes.
 */
final class StreamingHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final StreamingBackend backend;
    private final ConnectionUpgrade upgrade;

    StreamingHandler(StreamingBackend backend, ConnectionUpgrade upgrade) {
        this.backend = backend;
        this.upgrade = upgrade;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        List<String> path = Arrays.stream(uri.path().split("/")).filter(s -> !s.isEmpty())
                .map(QueryStringDecoder::decodeComponent).toList();
        Query query = new Query(uri.parameters());
        String endpoint = path.isEmpty() ? "" : path.get(0);
        switch (endpoint) {
            case "containerLogs" -> {
                if (path.size() == 4) {
                    ContainerLogs.serve(ctx, request, backend, path.get(1), path.get(2), path.get(3),
                            query);
                    return;
                }
            }
            case "exec", "attach" -> {
                if (path.size() == 4) {
                    remoteCommand(ctx, request, endpoint, path.get(1), path.get(2), path.get(3), query);
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
        PlainText.reply(ctx, HttpResponseStatus.NOT_FOUND, "404 page not found");
    }

    private void remoteCommand(ChannelHandlerContext ctx, FullHttpRequest request, String endpoint,
            String namespace, String pod, String container, Query query) {
        boolean exec = endpoint.equals("exec");
        List<String> command = exec ? query.all("command") : List.of();
        boolean stdin = query.flag("stdin");
        boolean stdout = query.flag("stdout");
        boolean stderr = query.flag("stderr");
        boolean tty = query.flag("tty");
        if (exec && command.isEmpty()) {
            PlainText.reply(ctx, HttpResponseStatus.BAD_REQUEST,
                    "you must specify at least one command for the container");
            return;
        }
        if (!stdin && !stdout && !stderr) {
            PlainText.reply(ctx, HttpResponseStatus.BAD_REQUEST,
                    "you must specify at least 1 of stdin, stdout, stderr");
            return;
        }
        if (!backend.hasContainer(namespace, pod, container)) {
            PlainText.reply(ctx, HttpResponseStatus.NOT_FOUND,
                    "container not found (\"" + container + "\")");
            return;
        }
        RemoteCommand.Runner runner = exec
                ? streams -> backend.exec(namespace, pod, container, command, streams)
                : streams -> backend.attach(namespace, pod, container, streams);
        RemoteCommand remote = new RemoteCommand(stdin, stdout, stderr && !tty, tty, command, runner);
        Transport transport = upgrade.transport(ctx, request);
        if (transport == Transport.WEBSOCKET) {
            String protocol = upgrade.negotiateWebSocket(ctx, request,
                    StreamProtocols.WEBSOCKET_REMOTE_COMMAND);
            if (protocol != null) {
                WebSocketRemoteCommand session = new WebSocketRemoteCommand(remote);
                ctx.pipeline().addAfter(ctx.name(), "ws-aggregator",
                        new WebSocketFrameAggregator(ConnectionUpgrade.MAX_WEBSOCKET_MESSAGE))
                        .addAfter("ws-aggregator", "ws-remote-command", session);
                upgrade.toWebSocket(ctx, this, request, endpoint, protocol,
                        () -> session.start(ctx.channel()));
            }
        } else if (transport == Transport.SPDY) {
            String protocol = upgrade.negotiateSpdy(ctx, request, StreamProtocols.SPDY_REMOTE_COMMAND);
            if (protocol != null) {
                SpdyRemoteCommand session = new SpdyRemoteCommand(remote, protocol);
                SpdyConnection connection = new SpdyConnection(session);
                upgrade.toSpdy(ctx, this, endpoint, protocol, connection);
                session.startTimeout(connection);
            }
        }
    }

    private void portForward(ChannelHandlerContext ctx, FullHttpRequest request, String namespace,
            String pod) {
        if (!backend.hasPod(namespace, pod)) {
            PlainText.reply(ctx, HttpResponseStatus.NOT_FOUND, "pod does not exist");
            return;
        }
        SpdyPortForward session = new SpdyPortForward(pod,
                port -> backend.portForward(namespace, pod, port));
        Transport transport = upgrade.transport(ctx, request);
        if (transport == Transport.WEBSOCKET) {
            String protocol = upgrade.negotiateWebSocket(ctx, request,
                    List.of(StreamProtocols.PORT_FORWARD_TUNNEL));
            if (protocol != null) {
                // Added once the 101 is written: the SPDY codec cannot encode an HTTP response.
                ChannelPipeline p = ctx.pipeline();
                upgrade.toWebSocket(ctx, this, request, "portForward", protocol,
                        () -> p.addLast("ws-tunnel", new WebSocketTunnel())
                                .addLast("spdy", new SpdyFrameCodec(SpdyVersion.SPDY_3_1))
                                .addLast("spdy-session", new SpdyConnection(session)));
            }
        } else if (transport == Transport.SPDY) {
            String protocol = upgrade.negotiateSpdy(ctx, request,
                    List.of(StreamProtocols.PORT_FORWARD));
            if (protocol != null) {
                upgrade.toSpdy(ctx, this, "portForward", protocol, new SpdyConnection(session));
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
