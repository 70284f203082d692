package io.j8s.bench;

import java.util.Arrays;

/**
 * Order statistics of a set of latency samples in nanoseconds, by the nearest-rank method: the
 * p-th percentile is the smallest sample that at least p percent of the samples do not exceed.
 * Immutable.
 */
final class Percentiles {
    private final long[] sorted;

    private Percentiles(long[] sorted) {
        this.sorted = sorted;
    }

    /** The statistics of {@code samples}, which this copies. */
    static Percentiles of(long[] samples) {
        long[] copy = samples.clone();
        Arrays.sort(copy);
        return new Percentiles(copy);
    }

    int count() {
        return sorted.length;
    }

    /**
     * The {@code percentile}-th percentile (0 &lt; percentile &lt;= 100) in nanoseconds.
     *
     * @throws IllegalStateException when there are no samples
     */
    long nanos(double percentile) {
        if (percentile <= 0 || percentile > 100) {
            throw new IllegalArgumentException("a percentile is in (0, 100], not " + percentile);
        }
        if (sorted.length == 0) {
            throw new IllegalStateException("no samples");
        }
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    /** The {@code percentile}-th percentile in milliseconds; NaN when there are no samples. */
    double millis(double percentile) {
        return sorted.length == 0 ? Double.NaN : nanos(percentile) / 1e6;
    }

    double maxMillis() {
        return millis(100);
    }

    @Override
    public String toString() {
        if (sorted.length == 0) {
            return "no samples";
        }
        return String.format(java.util.Locale.ROOT, "n=%d p50=%.2fms p99=%.2fms max=%.2fms",
                count(), millis(50), millis(99), maxMillis());
    }
}
