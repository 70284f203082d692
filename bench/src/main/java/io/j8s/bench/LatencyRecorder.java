package io.j8s.bench;

import java.util.Arrays;

/**
 * Collects latency samples from any number of threads; {@link #percentiles()} summarizes them.
 * Recording takes a lock, which costs far less than the operations a benchmark times.
 */
final class LatencyRecorder {
    private long[] samples = new long[4096];
    private int size;

    /** Records the time from {@code startNanos} (a {@link System#nanoTime()} reading) until now. */
    void recordSince(long startNanos) {
        record(System.nanoTime() - startNanos);
    }

    synchronized void record(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
    }

    synchronized int count() {
        return size;
    }

    synchronized Percentiles percentiles() {
        return Percentiles.of(Arrays.copyOf(samples, size));
    }
}
