package io.j8s.kubelet.runtime;

import java.io.IOException;
import java.net.URI;

/**
 * The client end of the streaming protocols, for a runtime whose Exec, Attach and PortForward
 * calls answer with a URL to its own streaming server (CRI does): it connects to that URL and
 * carries the streams, as the kubelet does when it proxies a stream rather than redirecting it.
 */
public interface StreamingClient {

    /**
     * Runs the exec or attach session at {@code url} with the given streams and returns the exit
     * code the runtime reports; {@link CommandFailure} when the command could not start.
     */
    int remoteCommand(URI url, ProcessStreams streams)
            throws IOException, InterruptedException, CommandFailure;

    /** Opens one connection to {@code port} through the port-forward session at {@code url}. */
    PortConnection portForward(URI url, int port) throws IOException;
}
