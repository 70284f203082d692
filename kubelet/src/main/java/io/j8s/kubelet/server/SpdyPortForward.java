package io.j8s.kubelet.server;

import io.j8s.kubelet.runtime.PortConnection;
import io.j8s.kubelet.server.SpdyConnection.Stream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Port-forward over SPDY (portforward.k8s.io): for every local connection the client opens an
 * error stream and a data stream carrying the same {@code requestID} and {@code port} headers. The
 * data stream is joined to a connection to that port in the pod; a failure is reported as text on
 * the error stream. The session stays open for as many connections as the client makes.
 */
final class SpdyPortForward implements SpdyConnection.StreamAcceptor {

    /** Connects to a port in the pod. */
    interface PortDialer {
        PortConnection dial(int port) throws IOException;
    }

    private final String podName;
    private final PortDialer dialer;
    private final Map<String, Pair> pairs = new ConcurrentHashMap<>();

    SpdyPortForward(String podName, PortDialer dialer) {
        this.podName = podName;
        this.dialer = dialer;
    }

    private static final class Pair {
        Stream error;
        Stream data;
    }

    @Override
    public void accept(SpdyConnection connection, Stream stream) {
        String type = stream.header("streamType");
        String requestId = stream.header("requestID");
        if (requestId == null || type == null || !(type.equals("error") || type.equals("data"))) {
            stream.closeWrite();
            return;
        }
        Pair pair = pairs.computeIfAbsent(requestId, k -> new Pair());
        if (type.equals("error")) {
            pair.error = stream;
        } else {
            pair.data = stream;
        }
        if (pair.error != null && pair.data != null) {
            pairs.remove(requestId);
            Thread.ofVirtual().name("portforward-" + requestId).start(() -> forward(pair));
        }
    }

    private void forward(Pair pair) {
        String portHeader = pair.data.header("port");
        int port;
        try {
            port = Integer.parseInt(portHeader);
            if (port <= 0 || port > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            fail(pair, "invalid port header \"" + portHeader + "\"");
            return;
        }
        try (PortConnection connection = dialer.dial(port)) {
            Thread toPod = Thread.ofVirtual().start(() -> {
                try (OutputStream out = connection.output()) {
                    // Closing the output half-closes the connection: the pod reads end of file.
                    pair.data.input().transferTo(out);
                } catch (IOException ignored) {
                    // The pod side went away; the copy below ends too.
                }
            });
            try {
                InputStream in = connection.input();
                in.transferTo(pair.data.output());
            } catch (IOException ignored) {
                // Connection reset by either side: end the streams.
            }
            pair.data.closeWrite();
            toPod.join();
            pair.error.closeWrite();
        } catch (IOException | RuntimeException e) {
            fail(pair, "error forwarding port " + port + " to pod " + podName + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void fail(Pair pair, String message) {
        pair.error.write(message.getBytes(StandardCharsets.UTF_8));
        pair.error.closeWrite();
        pair.data.closeWrite();
    }
}
