package io.j8s.kubelet.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The kubelet's streaming server: HTTPS on one port, serving containerLogs, exec, attach and
 * portForward from a {@link StreamingBackend}. Closing it ends every open session.
 */
public final class StreamingServer implements AutoCloseable {
    private static final int MAX_REQUEST_BODY = 64 * 1024;

    private final EventLoopGroup group;
    private final ChannelGroup channels;
    private final List<Upgrade> upgrades;
    private final AtomicBoolean webSockets;
    private final int port;

    private StreamingServer(EventLoopGroup group, ChannelGroup channels, List<Upgrade> upgrades,
            AtomicBoolean webSockets, int port) {
        this.group = group;
        this.channels = channels;
        this.upgrades = upgrades;
        this.webSockets = webSockets;
        this.port = port;
    }

    /**
     * One connection the server upgraded: the endpoint (exec, attach, portForward), the transport
     * (SPDY/3.1 or websocket) and the protocol agreed on (v4.channel.k8s.io, ...).
     */
    public record Upgrade(String endpoint, String transport, String protocol) {}

    /** Listens on {@code address}, port {@code port} (0 for any free one), with TLS from {@code tls}. */
    public static StreamingServer start(InetAddress address, int port, SslContext tls,
            StreamingBackend backend) throws InterruptedException {
        return start(address, port, tls, backend, pipeline -> { }, null);
    }

    /**
     * As {@link #start(InetAddress, int, SslContext, StreamingBackend)}, with {@code before} adding
     * the handlers that see every HTTP request before the streaming routes (authentication, the
     * kubelet's other endpoints); {@code onUpgrade} non-null is told of every upgrade instead of
     * {@link #upgrades()}, which then stays empty, as a long-running kubelet's must.
     */
    static StreamingServer start(InetAddress address, int port, SslContext tls,
            StreamingBackend backend, Consumer<ChannelPipeline> before, Consumer<Upgrade> onUpgrade)
            throws InterruptedException {
        EventLoopGroup group = new NioEventLoopGroup(2);
        ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        List<Upgrade> upgrades = new CopyOnWriteArrayList<>();
        AtomicBoolean webSockets = new AtomicBoolean(true);
        Consumer<Upgrade> record = onUpgrade != null ? onUpgrade : upgrades::add;
        try {
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            channels.add(ch);
                            ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()))
                                    .addLast("http", new HttpServerCodec())
                                    .addLast("aggregator", new HttpObjectAggregator(MAX_REQUEST_BODY));
                            before.accept(ch.pipeline());
                            ch.pipeline().addLast("route", new StreamingHandler(backend,
                                            new ConnectionUpgrade(record,
                                                    webSockets::get)));
                        }
                    })
                    .bind(new InetSocketAddress(address, port)).sync().channel();
            channels.add(server);
            return new StreamingServer(group, channels, upgrades, webSockets,
                    ((InetSocketAddress) server.localAddress()).getPort());
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /**
     * Whether WebSocket upgrades are served (the default) or answered with 400, as by a kubelet
     * that speaks only SPDY; clients then fall back to SPDY.
     */
    public void serveWebSockets(boolean serve) {
        webSockets.set(serve);
    }

    /** Every upgrade so far, oldest first. */
    public List<Upgrade> upgrades() {
        return List.copyOf(upgrades);
    }

    @Override
    public void close() {
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
