package io.j8s.kubelet.logs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Reads one container's CRI log file as the kubelet's containerLogs does: partial lines joined
 * (a joined line carries the time of its first part), the last {@code tailLines} lines, only lines
 * at or after {@code since}, and with {@code follow} the lines written later. A followed log keeps
 * reading across a rotation (the file renamed and a new one opened at the same path: the old one
 * is read to its end first) and ends once the container has stopped writing and the file is
 * drained. Lines that are not in the CRI format are skipped.
 */
public final class CriLogReader {
    private static final int CHUNK = 64 * 1024;

    /** What to read: null {@code tailLines} for all, null {@code since} for any time. */
    public record Options(Long tailLines, Instant since, boolean follow) {}

    /** Where the lines go; {@code text} holds no newline. */
    public interface LineSink {
        void line(Instant at, String text) throws IOException;
    }

    private final Duration pollInterval;

    /** Polls a followed file every {@code pollInterval} for new lines and rotation. */
    public CriLogReader(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    public CriLogReader() {
        this(Duration.ofMillis(100));
    }

    /**
     * Writes the log at {@code file} to {@code sink}. With {@code follow}, returns once
     * {@code writing} answers false and the file holds nothing more.
     */
    public void read(Path file, Options options, LineSink sink, BooleanSupplier writing)
            throws IOException, InterruptedException {
        Lines lines = new Lines(options, sink);
        OpenFile open = open(file);
        try {
            if (open == null) {
                return;
            }
            copyToEnd(open.channel(), lines);
            lines.endOfBacklog();
            if (!options.follow()) {
                return;
            }
            while (true) {
                boolean stillWriting = writing.getAsBoolean();
                copyToEnd(open.channel(), lines);
                if (rotated(file, open)) {
                    copyToEnd(open.channel(), lines);
                    open.close();
                    lines.endOfFile();
                    open = waitForFile(file, writing);
                    if (open == null) {
                        return;
                    }
                    continue;
                }
                if (!stillWriting) {
                    return;
                }
                Thread.sleep(pollInterval);
            }
        } finally {
            if (open != null) {
                open.close();
            }
        }
    }

    private static OpenFile open(Path file) throws IOException {
        try {
            Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            return new OpenFile(FileChannel.open(file, StandardOpenOption.READ), key);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** The file at {@code file} after a rotation, once the runtime has reopened it. */
    private OpenFile waitForFile(Path file, BooleanSupplier writing)
            throws IOException, InterruptedException {
        while (true) {
            OpenFile next = open(file);
            if (next != null) {
                return next;
            }
            if (!writing.getAsBoolean()) {
                return open(file);
            }
            Thread.sleep(pollInterval);
        }
    }

    /** Whether the path now names another file than the one open, or the file was truncated. */
    private static boolean rotated(Path file, OpenFile open) throws IOException {
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return true;
        }
        if (open.key() != null && !Objects.equals(open.key(), now.fileKey())) {
            return true;
        }
        return now.size() < open.channel().position();
    }

    /** An open log file and its identity (device and inode) when it was opened. */
    private record OpenFile(FileChannel channel, Object key) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private static void copyToEnd(FileChannel channel, Lines lines) throws IOException {
        ByteBuffer buffer = lines.buffer;
        while (true) {
            buffer.clear();
            int n = channel.read(buffer);
            if (n <= 0) {
                return;
            }
            lines.bytes(buffer.array(), n);
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted while reading a log");
            }
        }
    }

    /**
     * Splits bytes into CRI lines, joins partial lines per stream, and applies tail (to what the
     * file held when reading began) and since.
     */
    private static final class Lines {
        private final Options options;
        private final LineSink sink;
        private final ArrayDeque<Message> tail;
        private final Map<String, Message> partial = new HashMap<>();
        private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        private byte[] pending = new byte[0];
        private boolean backlog = true;

        Lines(Options options, LineSink sink) {
            this.options = options;
            this.sink = sink;
            this.tail = options.tailLines() == null ? null : new ArrayDeque<>();
        }

        private record Message(Instant at, StringBuilder text) {}

        void bytes(byte[] chunk, int length) throws IOException {
            byte[] data = new byte[pending.length + length];
            System.arraycopy(pending, 0, data, 0, pending.length);
            System.arraycopy(chunk, 0, data, pending.length, length);
            int start = 0;
            for (int i = 0; i < data.length; i++) {
                if (data[i] == '\n') {
                    line(CriLogLine.parse(data, start, i));
                    start = i + 1;
                }
            }
            pending = new byte[data.length - start];
            System.arraycopy(data, start, pending, 0, pending.length);
        }

        private void line(CriLogLine line) throws IOException {
            if (line == null) {
                return;
            }
            Message open = partial.get(line.stream());
            if (open == null) {
                open = new Message(line.at(), new StringBuilder());
            }
            open.text().append(line.text());
            if (line.partial()) {
                partial.put(line.stream(), open);
                return;
            }
            partial.remove(line.stream());
            message(open);
        }

        private void message(Message m) throws IOException {
            if (options.since() != null && m.at().isBefore(options.since())) {
                return;
            }
            if (backlog && tail != null) {
                tail.addLast(m);
                if (tail.size() > options.tailLines()) {
                    tail.removeFirst();
                }
                return;
            }
            sink.line(m.at(), m.text().toString());
        }

        /** What the file held when reading began is read: the tail goes out. */
        void endOfBacklog() throws IOException {
            backlog = false;
            if (tail != null) {
                for (Message m : tail) {
                    sink.line(m.at(), m.text().toString());
                }
                tail.clear();
            }
        }

        /** A rotated file ended: an unfinished line in it stays unfinished. */
        void endOfFile() {
            pending = new byte[0];
        }
    }
}
