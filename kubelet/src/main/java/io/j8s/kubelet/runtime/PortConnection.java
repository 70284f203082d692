package io.j8s.kubelet.runtime;

import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * One forwarded connection: bytes from the pod's port, bytes to it; closing ends both. Closing
 * {@link #output()} only half-closes: the pod reads end of file and may still answer.
 */
public interface PortConnection extends Closeable {
    InputStream input();

    OutputStream output();

    /** A connection over a socket, whose output half-closes with {@link Socket#shutdownOutput}. */
    static PortConnection of(Socket socket) {
        return new PortConnection() {
            @Override
            public InputStream input() {
                try {
                    return socket.getInputStream();
                } catch (IOException e) {
                    return InputStream.nullInputStream();
                }
            }

            @Override
            public OutputStream output() {
                OutputStream out;
                try {
                    out = socket.getOutputStream();
                } catch (IOException e) {
                    return OutputStream.nullOutputStream();
                }
                return new FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        if (!socket.isClosed() && !socket.isOutputShutdown()) {
                            socket.shutdownOutput();
                        }
                    }
                };
            }

            @Override
            public void close() throws IOException {
                socket.close();
            }
        };
    }
}
