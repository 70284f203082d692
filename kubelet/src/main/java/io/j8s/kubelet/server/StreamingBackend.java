package io.j8s.kubelet.server;

import io.j8s.kubelet.runtime.CommandFailure;
import io.j8s.kubelet.runtime.PortConnection;
import io.j8s.kubelet.runtime.ProcessStreams;
import java.io.IOException;
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
     * done (for {@code follow}, when the container stops writing). Throws {@link LogsUnavailable}
     * before writing anything when there is no log to show (no previous instance, say).
     */
    void logs(String namespace, String pod, String container, LogOptions options, LogSink out)
            throws IOException, InterruptedException, LogsUnavailable;

    /** Runs {@code command} in the container and returns its exit code. */
    int exec(String namespace, String pod, String container, List<String> command,
            ProcessStreams streams) throws IOException, InterruptedException, CommandFailure;

    /** Attaches to the container's main process and returns its exit code when it ends. */
    int attach(String namespace, String pod, String container, ProcessStreams streams)
            throws IOException, InterruptedException, CommandFailure;

    /**
     * A connection to {@code port} in the pod's network namespace; closing its output stream
     * half-closes it (the pod reads end of file).
     */
    PortConnection portForward(String namespace, String pod, int port) throws IOException;

    /**
     * The query of a containerLogs request, as PodLogOptions names it: null for what is not set.
     * {@code limitBytes} is applied by the server.
     */
    record LogOptions(boolean follow, Long tailLines, boolean timestamps, boolean previous,
            Instant since, Long limitBytes) {
        public LogOptions(boolean follow, Long tailLines, boolean timestamps) {
            this(follow, tailLines, timestamps, false, null, null);
        }
    }

    /** Where log lines go; {@code line} holds no newline. */
    interface LogSink {
        void line(Instant at, String line) throws IOException;

        /**
         * The log exists and the answer may begin; a backend calls it before it waits for the
         * first line of a followed log, so that the client sees the response at once.
         */
        default void opened() {}
    }

    /** The container has no log to show, said as the kubelet says it; answered with 400. */
    final class LogsUnavailable extends Exception {
        public LogsUnavailable(String message) {
            super(message);
        }
    }
}
