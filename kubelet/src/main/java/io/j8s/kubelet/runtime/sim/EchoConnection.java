package io.j8s.kubelet.runtime.sim;

import io.j8s.kubelet.runtime.PortConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What every port of a sim pod is: an echo. Bytes written come back, except that a connection
 * whose first bytes are an HTTP request ({@code GET /path HTTP/1.1}, say) is answered with an
 * empty {@code 200 OK}, so httpGet probes succeed as the issue asks of the sim runtime.
 */
final class EchoConnection implements PortConnection {
    private static final byte[] OK = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
            + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    private final byte[] buffer = new byte[64 * 1024];
    private int head;
    private int count;
    private boolean closed;
    private boolean inputClosed;
    private static final java.util.regex.Pattern HTTP_REQUEST = java.util.regex.Pattern.compile(
            "[A-Z]{3,7} \\S+ HTTP/1\\.[01]\r?\n");
    private final StringBuilder request = new StringBuilder();
    private boolean decided;
    private boolean http;
    private boolean answered;

    private final InputStream input = new InputStream() {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            synchronized (EchoConnection.this) {
                while (count == 0 && !closed && !inputClosed) {
                    waitForChange();
                }
                if (count == 0) {
                    return -1;
                }
                int n = Math.min(len, count);
                for (int i = 0; i < n; i++) {
                    b[off + i] = buffer[(head + i) % buffer.length];
                }
                head = (head + n) % buffer.length;
                count -= n;
                EchoConnection.this.notifyAll();
                return n;
            }
        }
    };

    private final OutputStream output = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            synchronized (EchoConnection.this) {
                if (!decided && len > 0) {
                    decided = true;
                    String first = new String(b, off, Math.min(len, 256),
                            StandardCharsets.ISO_8859_1);
                    http = HTTP_REQUEST.matcher(first).lookingAt();
                }
                if (!http) {
                    put(b, off, len);
                    return;
                }
                if (request.length() < 16 * 1024) {
                    request.append(new String(b, off, len, StandardCharsets.ISO_8859_1));
                }
                if (!answered && (request.indexOf("\r\n\r\n") >= 0
                        || request.indexOf("\n\n") >= 0)) {
                    answered = true;
                    put(OK, 0, OK.length);
                    inputClosed = true;
                    EchoConnection.this.notifyAll();
                }
            }
        }

        @Override
        public void close() {
            synchronized (EchoConnection.this) {
                inputClosed = true;
                EchoConnection.this.notifyAll();
            }
        }
    };

    private void put(byte[] b, int off, int len) throws IOException {
        for (int i = 0; i < len; i++) {
            while (count == buffer.length && !closed) {
                waitForChange();
            }
            if (closed) {
                throw new IOException("connection closed");
            }
            buffer[(head + count) % buffer.length] = b[off + i];
            count++;
        }
        notifyAll();
    }

    private void waitForChange() throws InterruptedIOException {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        }
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return output;
    }

    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}
