package io.j8s.kubelet.streamclient;

import io.j8s.kubelet.runtime.CommandFailure;
import io.j8s.kubelet.runtime.PortConnection;
import io.j8s.kubelet.runtime.ProcessStreams;
import io.j8s.kubelet.runtime.StreamingClient;
import io.j8s.kubelet.streamclient.SpdyClientConnection.Stream;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The client end of CRI streaming over SPDY/3.1, for the URLs containerd's Exec, Attach and
 * PortForward answer with (containerd's streaming server speaks what the kubelet's does).
 * Exec and attach offer v4, v3 and v2.channel.k8s.io and open the streams {@link ProcessStreams}
 * asks for: error, then stdin (if not null; its end of file half-closes the stream), stdout (if
 * not null), stderr (if not null and no TTY), resize (with a TTY; no sizes are sent). The result
 * comes from the error stream: v4's Status gives the exit code (NonZeroExitCode with an ExitCode
 * cause), another failure is a {@link CommandFailure}. Port-forward opens an error and a data
 * stream for one connection (requestID 0): a URL is good for one session, as CRI's are.
 * Close the client to release its event loop.
 */
public final class SpdyStreamingClient implements StreamingClient, AutoCloseable {
    static final String V4 = "v4.channel.k8s.io";
    static final List<String> REMOTE_COMMAND = List.of(V4, "v3.channel.k8s.io", "v2.channel.k8s.io");
    static final String PORT_FORWARD = "portforward.k8s.io";

    private final EventLoopGroup group;
    private final SslContext tls;

    /** For http URLs, and https ones with a certificate the JDK trusts. */
    public SpdyStreamingClient() {
        this(null);
    }

    /** With {@code tls} for https URLs (null: the JDK's trust store). */
    public SpdyStreamingClient(SslContext tls) {
        try {
            this.tls = tls != null ? tls : SslContextBuilder.forClient().build();
        } catch (SSLException e) {
            throw new UncheckedIOException(e);
        }
        this.group = new NioEventLoopGroup(1, new DefaultThreadFactory("cri-streaming", true));
    }

    @Override
    public int remoteCommand(URI url, ProcessStreams streams)
            throws IOException, InterruptedException, CommandFailure {
        try (SpdyClientConnection connection = SpdyUpgrade.open(group, tls, url, REMOTE_COMMAND)) {
            String protocol = connection.protocol();
            Stream error = connection.openStream(Map.of("streamType", "error"));
            Stream stdin = streams.stdin() == null ? null
                    : connection.openStream(Map.of("streamType", "stdin"));
            Stream stdout = streams.stdout() == null ? null
                    : connection.openStream(Map.of("streamType", "stdout"));
            Stream stderr = streams.stderr() == null || streams.tty() ? null
                    : connection.openStream(Map.of("streamType", "stderr"));
            Stream resize = streams.tty() && !protocol.equals("v2.channel.k8s.io")
                    ? connection.openStream(Map.of("streamType", "resize")) : null;
            for (Stream s : new Stream[] {error, stdin, stdout, stderr, resize}) {
                if (s != null) {
                    s.awaitReply();
                }
            }
            List<Thread> copies = new ArrayList<>();
            if (stdout != null) {
                copies.add(copy(stdout.input(), streams.stdout(), "stdout"));
            }
            if (stderr != null) {
                copies.add(copy(stderr.input(), streams.stderr(), "stderr"));
            }
            Thread input = stdin == null ? null : Thread.ofVirtual().name("cri-stdin").start(() -> {
                try (OutputStream out = stdin.output()) {
                    streams.stdin().transferTo(out);
                } catch (IOException e) {
                    // The session ended first, or the caller's stdin failed: stdin ends.
                }
            });
            byte[] result = error.input().readAllBytes();
            for (Thread t : copies) {
                t.join();
            }
            if (input != null) {
                input.interrupt();
            }
            return RemoteCommandResult.exitCode(result, protocol.equals(V4));
        }
    }

    private static Thread copy(InputStream from, OutputStream to, String name) {
        return Thread.ofVirtual().name("cri-" + name).start(() -> {
            try {
                from.transferTo(to);
                to.flush();
            } catch (IOException e) {
                // The caller's stream failed: what the command writes there is lost.
                drain(from);
            }
        });
    }

    private static void drain(InputStream in) {
        try {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // ending anyway
        }
    }

    @Override
    public PortConnection portForward(URI url, int port) throws IOException {
        SpdyClientConnection connection;
        try {
            connection = SpdyUpgrade.open(group, tls, url, List.of(PORT_FORWARD));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to " + url, e);
        }
        try {
            String p = Integer.toString(port);
            Stream error = connection.openStream(Map.of("streamType", "error", "port", p, "requestID", "0"));
            Stream data = connection.openStream(Map.of("streamType", "data", "port", p, "requestID", "0"));
            error.awaitReply();
            data.awaitReply();
            error.closeWrite();
            return new ForwardedPort(connection, data, error);
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        } catch (InterruptedException e) {
            connection.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening the port-forward streams", e);
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
