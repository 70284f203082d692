package io.j8s.kubelet.server;

import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Bytes that the network delivers (on an event loop) read as a blocking {@link InputStream} (by a
 * backend thread). {@link #end()} is end of file; both sides may be called from any thread.
 */
final class InboundPipe extends InputStream {
    private static final byte[] END = new byte[0];

    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private byte[] current;
    private int position;
    private boolean ended;

    void offer(byte[] bytes) {
        if (bytes.length > 0) {
            chunks.add(bytes);
        }
    }

    void end() {
        chunks.add(END);
    }

    @Override
    public int read() throws InterruptedIOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws InterruptedIOException {
        if (len == 0) {
            return 0;
        }
        while (current == null || position == current.length) {
            if (ended) {
                return -1;
            }
            try {
                current = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading");
            }
            position = 0;
            if (current == END) {
                ended = true;
                chunks.add(END);
                return -1;
            }
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
    }
}
