package io.j8s.kubelet.server;

import io.j8s.kubelet.runtime.ProcessStreams;
import io.j8s.kubelet.server.SpdyConnection.Stream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Exec and attach over SPDY (channel.k8s.io v2 to v4): the client opens one stream per
 * {@code streamType} (error, stdin, stdout, stderr, resize); once every stream the request asked
 * for is there the command runs, its output goes to stdout/stderr, and the result is written to the
 * error stream before the connection closes. Streams that never arrive end the session after 30 s,
 * as the kubelet's stream creation timeout does.
 */
final class SpdyRemoteCommand implements SpdyConnection.StreamAcceptor {
    private static final long STREAM_CREATION_TIMEOUT_SECONDS = 30;

    private final RemoteCommand request;
    private final boolean statusObjects;
    private final boolean resizeStream;
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();
    private boolean started;

    /** {@code protocol} is the negotiated X-Stream-Protocol-Version. */
    SpdyRemoteCommand(RemoteCommand request, String protocol) {
        this.request = request;
        this.statusObjects = protocol.equals(StreamProtocols.V4);
        this.resizeStream = !protocol.equals(StreamProtocols.V2);
    }

    void startTimeout(SpdyConnection connection) {
        connection.channel().eventLoop().schedule(() -> {
            if (!started) {
                connection.channel().close();
            }
        }, STREAM_CREATION_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private int expectedStreams() {
        int n = 1;
        n += request.stdin() ? 1 : 0;
        n += request.stdout() ? 1 : 0;
        n += request.stderr() ? 1 : 0;
        n += request.tty() && resizeStream ? 1 : 0;
        return n;
    }

    @Override
    public void accept(SpdyConnection connection, Stream stream) {
        String type = stream.header("streamType");
        if (type == null || streams.putIfAbsent(type, stream) != null) {
            stream.closeWrite();
            return;
        }
        if (type.equals("resize")) {
            // Terminal sizes change nothing in a fake; drain them so the stream stays healthy.
            Thread.ofVirtual().start(() -> drain(stream));
        }
        if (!started && streams.size() == expectedStreams() && streams.containsKey("error")) {
            started = true;
            Thread.ofVirtual().name("exec-" + request.command()).start(() -> run(connection));
        }
    }

    private void run(SpdyConnection connection) {
        Stream stdin = streams.get("stdin");
        Stream stdout = streams.get("stdout");
        Stream stderr = streams.get("stderr");
        OutputStream out = stdout == null ? OutputStream.nullOutputStream() : stdout.output();
        OutputStream err = stderr == null ? null : stderr.output();
        CommandResult result = request.run(new ProcessStreams(
                stdin == null ? null : stdin.input(), out, err, request.tty()));
        if (stdout != null) {
            stdout.closeWrite();
        }
        if (stderr != null) {
            stderr.closeWrite();
        }
        Stream error = streams.get("error");
        error.write(result.encode(statusObjects));
        connection.closeAfter(error.closeWrite());
    }

    private static void drain(Stream stream) {
        try {
            stream.input().transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // The session is ending.
        }
    }
}
