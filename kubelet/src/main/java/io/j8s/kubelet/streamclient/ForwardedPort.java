package io.j8s.kubelet.streamclient;

import io.j8s.kubelet.runtime.PortConnection;
import io.j8s.kubelet.streamclient.SpdyClientConnection.Stream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One port-forward connection over its own SPDY session: reads and writes go to the data
 * stream; closing the output half-closes it. When the data stream ends and the server wrote an
 * error (containerd writes it as it closes both streams; the order in which they arrive is not
 * certain, so the end of the data waits up to 500 ms for the error stream), the read throws it.
 */
final class ForwardedPort implements PortConnection {
    private static final Duration ERROR_GRACE = Duration.ofMillis(500);

    private final SpdyClientConnection connection;
    private final Stream data;
    private final Stream error;
    private final InputStream input;

    ForwardedPort(SpdyClientConnection connection, Stream data, Stream error) {
        this.connection = connection;
        this.data = data;
        this.error = error;
        this.input = new InputStream() {
            @Override
            public int read() throws IOException {
                return checked(data.input().read());
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return checked(data.input().read(b, off, len));
            }
        };
    }

    private int checked(int n) throws IOException {
        if (n < 0) {
            try {
                // containerd closes the error stream with the data stream; ours, once the client
                // has closed its side: wait a little for a message that may still be on its way.
                error.input().awaitEnd(ERROR_GRACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while reading the error stream");
            }
            byte[] message = error.input().received();
            if (message.length > 0) {
                throw new IOException(new String(message, StandardCharsets.UTF_8));
            }
        }
        return n;
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return data.output();
    }

    @Override
    public void close() {
        connection.close();
    }
}
