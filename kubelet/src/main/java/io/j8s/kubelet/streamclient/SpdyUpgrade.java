package io.j8s.kubelet.streamclient;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Opening a SPDY session: connect (TLS for https), POST with {@code Upgrade: SPDY/3.1} and the
 * protocols offered in {@code X-Stream-Protocol-Version}, and on the 101 put the SPDY codec and
 * the session where HTTP was. Any other answer fails with its body, as Go's client reports it.
 */
final class SpdyUpgrade extends SimpleChannelInboundHandler<FullHttpResponse> {
    private static final long TIMEOUT_SECONDS = SpdyClientConnection.TIMEOUT_SECONDS;
    private static final int MAX_UPGRADE_RESPONSE = 64 * 1024;

    private final CompletableFuture<SpdyClientConnection> upgraded;

    private SpdyUpgrade(CompletableFuture<SpdyClientConnection> upgraded) {
        this.upgraded = upgraded;
    }

    /** Connects to {@code url} and upgrades to SPDY with one of {@code protocols}. */
    static SpdyClientConnection open(EventLoopGroup group, SslContext tls, URI url,
            List<String> protocols) throws IOException, InterruptedException {
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        String host = url.getHost();
        int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
        CompletableFuture<SpdyClientConnection> upgraded = new CompletableFuture<>();
        ChannelFuture connect = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (https) {
                            ch.pipeline().addLast("tls", tls.newHandler(ch.alloc(), host, port));
                        }
                        ch.pipeline().addLast("http", new HttpClientCodec())
                                .addLast("aggregator", new HttpObjectAggregator(MAX_UPGRADE_RESPONSE))
                                .addLast("upgrade", new SpdyUpgrade(upgraded));
                        ch.closeFuture().addListener(f -> upgraded.completeExceptionally(
                                new IOException("connection to " + host + ":" + port + " closed")));
                    }
                }).connect(host, port);
        if (!connect.await(TIMEOUT_SECONDS, TimeUnit.SECONDS) || !connect.isSuccess()) {
            connect.channel().close();
            throw new IOException("cannot connect to " + host + ":" + port
                    + (connect.cause() == null ? "" : ": " + connect.cause().getMessage()), connect.cause());
        }
        Channel ch = connect.channel();
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
                HttpMethod.POST, url.getRawQuery() == null ? path : path + "?" + url.getRawQuery());
        request.headers().set(HttpHeaderNames.HOST, host + ":" + port)
                .set(HttpHeaderNames.CONNECTION, "Upgrade").set(HttpHeaderNames.UPGRADE, "SPDY/3.1")
                .set(HttpHeaderNames.CONTENT_LENGTH, 0);
        for (String p : protocols) {
            request.headers().add("X-Stream-Protocol-Version", p);
        }
        ch.writeAndFlush(request);
        try {
            return upgraded.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            ch.close();
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            ch.close();
            throw new IOException("no answer to the upgrade request from " + host + ":" + port);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
        if (response.status().code() != 101) {
            String body = response.content().toString(StandardCharsets.UTF_8).trim();
            upgraded.completeExceptionally(new IOException("unable to upgrade connection: "
                    + (body.isEmpty() ? response.status().toString() : body)));
            ctx.close();
            return;
        }
        String protocol = response.headers().get("X-Stream-Protocol-Version", "");
        SpdyClientConnection connection = new SpdyClientConnection(ctx.channel(), protocol);
        ctx.pipeline().remove("aggregator");
        ctx.pipeline().replace("http", "spdy", new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
        ctx.pipeline().replace(this, "spdy-session", connection);
        upgraded.complete(connection);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        upgraded.completeExceptionally(new IOException(cause.getMessage(), cause));
        ctx.close();
    }
}
