package io.j8s.kubelet.runtime;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * The streams a command sees; {@code stdin} is null unless the client asked for it, and
 * {@code stderr} is null for a TTY (its output goes to stdout).
 */
public record ProcessStreams(InputStream stdin, OutputStream stdout, OutputStream stderr,
        boolean tty) {}
