package io.j8s.e2e.streaming;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Instant;
import java.util.List;

/**
 * What runs behind the streaming endpoints: a container runtime, real or fake; the server owns the
 * wire protocols. {@link #hasPod} and {@link #hasContainer} answer on the network thread and must
 * not block; the others run on a virtual thread of their own and may.
 */
public interface StreamingBackend {

    /** Whether {@code pod} in {@code namespace} exists and has {@code container}. */
    boolean hasContainer(String namespace, String pod, String container);

    /** Whether {@code pod} in {@code namespace} exists. */
    boolean hasPod(String namespace, String pod);

    /**
     * Writes the container's log to {@code out}, one line at a time, and returns when the log is
     * done (for {@code follow}, when the container stops writing).
     */
    void logs(String namespace, String pod, String container, LogOptions options, LogSink out)
            throws IOException, InterruptedException;

    /** Runs {@code command} in the container and returns its exit code. */
    int exec(String namespace, String pod, String container, List<String> command,
            ProcessStreams streams) throws IOException, InterruptedException, CommandFailure;

    /** Attaches to the container's main process and returns its exit code when it ends. */
    int attach(String namespace, String pod, String container, ProcessStreams streams)
            throws IOException, InterruptedException, CommandFailure;

    /** A connection to {@code port} in the pod's network namespace. */
    Socket portForward(String namespace, String pod, int port) throws IOException;

    /** The query of a containerLogs request, as PodLogOptions names it. */
    record LogOptions(boolean follow, Long tailLines, boolean timestamps) {}

    /** Where log lines go; {@code line} holds no newline. */
    interface LogSink {
        void line(Instant at, String line) throws IOException;
    }

    /**
     * The streams a command sees; {@code stdin} is null unless the client asked for it, and
     * {@code stderr} is null for a TTY (its output goes to stdout).
     */
    record ProcessStreams(InputStream stdin, OutputStream stdout, OutputStream stderr, boolean tty) {}

    /** The runtime could not start the command (no such executable, say); not an exit code. */
    final class CommandFailure extends Exception {
        public CommandFailure(String message) {
            super(message);
        }
    }
}
