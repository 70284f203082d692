package io.j8s.kubelet.streams;

import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What the peer sent on one stream, as the network delivers it (on an event loop), read as a
 * blocking {@link InputStream} (by a backend or client thread); {@link #end()} is end of file.
 * Either side may be called from any thread. The kubelet's streaming server and its CRI streaming
 * client both carry their inbound streams in it.
 */
public final class InboundPipe extends InputStream {
    private static final byte[] END = new byte[0];

    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private final CountDownLatch endSeen = new CountDownLatch(1);
    private byte[] current;
    private int position;
    private boolean ended;

    public void offer(byte[] bytes) {
        if (bytes.length > 0) {
            chunks.add(bytes);
        }
    }

    public void end() {
        chunks.add(END);
        endSeen.countDown();
    }

    /** Waits up to {@code timeout} for the end of the stream to arrive (not to be read). */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return endSeen.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** What has arrived and not been read yet, without reading it. */
    public byte[] received() {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] chunk : chunks) {
            all.writeBytes(chunk);
        }
        return all.toByteArray();
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
                throw new InterruptedIOException("interrupted while reading a stream");
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
