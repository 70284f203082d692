package io.j8s.bench;

import java.util.List;
import java.util.Locale;

/**
 * How much of the request mix an API server keeps up with: the mix at rising open-loop rates, one
 * step after the other, until the p99 of its creates and updates passes
 * {@value #MUTATING_P99_MS} ms or requests fail. The capacity is the highest rate held.
 *
 * @param steps the rates tried, in order; the last one failed unless every rate held
 */
record Capacity(List<Step> steps) {
    static final double MUTATING_P99_MS = 50;
    /** The rates tried, in requests/s. */
    static final double[] RATES = {100, 250, 500, 1000, 1500, 2000, 2500, 3000, 4000, 5000, 6000};
    /** Clients of the open loop: enough that 6,000 requests/s need only 6 ms each. */
    static final int CLIENTS = 64;
    static final Capacity NONE = new Capacity(List.of());

    Capacity {
        steps = List.copyOf(steps);
    }

    /**
     * One rate tried.
     *
     * @param rate the requests/s asked for
     * @param achieved the requests/s completed (below {@code rate} when requests went out late)
     * @param mutatingP99Ms the p99 of creates and updates, from when each was due
     * @param failure why requests failed, or null
     */
    record Step(double rate, double achieved, double mutatingP99Ms, String failure) {
        boolean held() {
            return failure == null && mutatingP99Ms <= MUTATING_P99_MS;
        }

        @Override
        public String toString() {
            return failure != null
                    ? String.format(Locale.ROOT, "%.0f req/s failed: %s", rate, failure)
                    : String.format(Locale.ROOT, "%.0f req/s (%.0f done): mutating p99 %.1f ms%s",
                            rate, achieved, mutatingP99Ms, held() ? "" : ", not held");
        }
    }

    /** The highest rate held; 0 when none was, not a number when nothing was tried. */
    double maxRate() {
        if (steps.isEmpty()) {
            return Double.NaN;
        }
        return steps.stream().filter(Step::held).mapToDouble(Step::rate).max().orElse(0);
    }

    /** Whether the last rate tried still held, so the capacity is above the top of the range. */
    boolean open() {
        return !steps.isEmpty() && steps.getLast().held();
    }

    /** The steps in one line, for the table's notes. */
    String describe() {
        if (steps.isEmpty()) {
            return "not measured";
        }
        StringBuilder b = new StringBuilder();
        for (Step s : steps) {
            if (!b.isEmpty()) {
                b.append("; ");
            }
            b.append(s.failure() != null
                    ? String.format(Locale.ROOT, "%.0f failed", s.rate())
                    : String.format(Locale.ROOT, "%.0f: %.1f ms", s.rate(), s.mutatingP99Ms()));
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return steps.isEmpty() ? "not measured"
                : String.format(Locale.ROOT, "%.0f req/s held%s (%s)", maxRate(),
                        open() ? " and more" : "", describe());
    }
}
