package io.j8s.kubelet.runtime;

/** What an exec run to its end gave: exit code and output; {@code timedOut} if it was cut off. */
public record ExecResult(int exitCode, byte[] stdout, byte[] stderr, boolean timedOut) {}
