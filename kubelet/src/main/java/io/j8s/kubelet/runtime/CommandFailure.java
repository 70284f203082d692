package io.j8s.kubelet.runtime;

/** The runtime could not start the command (no such executable, say); not an exit code. */
public final class CommandFailure extends Exception {
    public CommandFailure(String message) {
        super(message);
    }
}
