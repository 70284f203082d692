package io.j8s.kubelet.runtime.cri;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/** A gRPC channel over a unix domain socket (netty's epoll transport), with its own event loop. */
final class CriChannel implements AutoCloseable {
    private static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    /**
     * gRPC asks every transport for SO_KEEPALIVE, which a unix socket does not have; netty warns
     * about it on each connection. Held here so that the level sticks.
     */
    private static final java.util.logging.Logger BOOTSTRAP_LOG = java.util.logging.Logger.getLogger(
            "io.grpc.netty.shaded.io.netty.bootstrap.Bootstrap");

    static {
        BOOTSTRAP_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    private final EventLoopGroup loop;
    private final ManagedChannel channel;

    CriChannel(Path socket) {
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "cri-" + socket.getFileName());
            t.setDaemon(true);
            return t;
        };
        this.loop = new EpollEventLoopGroup(1, threads);
        this.channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .eventLoopGroup(loop)
                .channelType(EpollDomainSocketChannel.class)
                .overrideAuthority("localhost")
                .usePlaintext()
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .build();
    }

    /** {@code unix:///run/x.sock} or a plain path, as the path of the socket. */
    static Path socketPath(String endpoint) {
        String path = endpoint.startsWith("unix://") ? endpoint.substring("unix://".length()) : endpoint;
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("the container runtime endpoint must be unix:///ABSOLUTE/PATH,"
                    + " not " + endpoint);
        }
        return Path.of(path);
    }

    ManagedChannel channel() {
        return channel;
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
