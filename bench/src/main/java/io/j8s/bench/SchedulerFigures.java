package io.j8s.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * What one scheduler workload measured: how many of its pods were bound and when, as pods per
 * second over the whole run (the first pod created to the last bound) and the median of the
 * one-second windows in between; or why it could not be measured.
 */
record SchedulerFigures(SchedulerWorkload workload, int nodes, int pods, int bound,
        double seconds, double average, double p50, String failure) {

    static SchedulerFigures failed(SchedulerWorkload w, int nodes, int pods, String why) {
        return new SchedulerFigures(w, nodes, pods, 0, Double.NaN, Double.NaN, Double.NaN, why);
    }

    /** From the bind times (nanos since the measurement started), sorted or not. */
    static SchedulerFigures of(SchedulerWorkload w, int nodes, int pods, List<Long> bindNanos,
            String failure) {
        List<Long> times = new ArrayList<>(bindNanos);
        times.sort(null);
        if (times.isEmpty()) {
            return failed(w, nodes, pods, failure == null ? "no pod was bound" : failure);
        }
        double seconds = times.get(times.size() - 1) / 1e9;
        int fullWindows = (int) Math.floor(seconds);
        int[] perWindow = new int[Math.max(1, fullWindows)];
        for (long t : times) {
            int window = (int) (t / 1_000_000_000L);
            if (window < fullWindows) {
                perWindow[window]++;
            }
        }
        double p50;
        if (fullWindows == 0) {
            p50 = times.size() / Math.max(seconds, 1e-3);
        } else {
            int[] sorted = perWindow.clone();
            java.util.Arrays.sort(sorted);
            p50 = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                    : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
        }
        return new SchedulerFigures(w, nodes, pods, times.size(), seconds,
                times.size() / Math.max(seconds, 1e-3), p50, failure);
    }

    boolean met() {
        return failure == null && bound == pods && average >= workload.target;
    }
}
