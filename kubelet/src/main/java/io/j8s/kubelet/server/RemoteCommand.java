package io.j8s.kubelet.server;

import io.j8s.kubelet.runtime.CommandFailure;
import io.j8s.kubelet.runtime.ProcessStreams;
import java.io.IOException;
import java.util.List;

/**
 * One exec or attach request, whatever the transport: the streams the client asked for (query
 * parameters stdin, stdout, stderr, tty) and what runs once they are connected.
 */
record RemoteCommand(boolean stdin, boolean stdout, boolean stderr, boolean tty,
        List<String> command, Runner runner) {

    interface Runner {
        int run(ProcessStreams streams) throws IOException, InterruptedException, CommandFailure;
    }

    CommandResult run(ProcessStreams streams) {
        try {
            return new CommandResult.Exited(command, runner.run(streams));
        } catch (CommandFailure e) {
            return new CommandResult.Failed(e.getMessage());
        } catch (IOException | RuntimeException e) {
            // A runtime call that failed (RuntimeCallException) ends the session the same way.
            return new CommandResult.Failed("error executing command in container: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CommandResult.Failed("interrupted");
        }
    }
}
