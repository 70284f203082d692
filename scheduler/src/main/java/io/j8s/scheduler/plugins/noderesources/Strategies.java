package io.j8s.scheduler.plugins.noderesources;

import io.j8s.scheduler.framework.ScorePlugin;
import java.util.List;

/** The scoring functions of NodeResourcesFit's strategies and of BalancedAllocation. */
final class Strategies {
    private static final long MAX = ScorePlugin.MAX_NODE_SCORE;
    /** RequestedToCapacityRatio shapes score 0..10; the scheduler's scores are 0..100. */
    static final long MAX_CUSTOM_PRIORITY_SCORE = 10;
    private static final long MAX_UTILIZATION = 100;

    private Strategies() {}

    /** LeastAllocated: the weighted mean of (capacity - requested) / capacity. */
    static AllocationScorer.Function leastAllocated(List<ResourceSpec> resources) {
        return (requested, allocatable) -> weightedMean(resources, requested, allocatable, (r, c) ->
                r > c ? 0 : (c - r) * MAX / c);
    }

    /** MostAllocated: the weighted mean of requested / capacity (requested capped at capacity). */
    static AllocationScorer.Function mostAllocated(List<ResourceSpec> resources) {
        return (requested, allocatable) -> weightedMean(resources, requested, allocatable, (r, c) ->
                Math.min(r, c) * MAX / c);
    }

    /** A broken linear function of utilisation through {@code shape}, weighted over resources. */
    static AllocationScorer.Function requestedToCapacityRatio(List<ResourceSpec> resources,
            List<long[]> shape) {
        long[][] points = shape.stream().map(p -> new long[] {p[0], p[1] * (MAX / MAX_CUSTOM_PRIORITY_SCORE)})
                .toArray(long[][]::new);
        return (requested, allocatable) -> {
            long sum = 0;
            long weights = 0;
            for (int i = 0; i < requested.length; i++) {
                if (allocatable[i] == 0) {
                    continue;
                }
                long utilization = requested[i] > allocatable[i] ? MAX_UTILIZATION
                        : requested[i] * MAX_UTILIZATION / allocatable[i];
                long score = brokenLinear(points, utilization);
                if (score > 0) {
                    sum += score * resources.get(i).weight();
                    weights += resources.get(i).weight();
                }
            }
            return weights == 0 ? 0 : Math.round((double) sum / weights);
        };
    }

    static long brokenLinear(long[][] shape, long p) {
        for (int i = 0; i < shape.length; i++) {
            if (p <= shape[i][0]) {
                if (i == 0) {
                    return shape[0][1];
                }
                long[] a = shape[i - 1];
                long[] b = shape[i];
                return a[1] + (b[1] - a[1]) * (p - a[0]) / (b[0] - a[0]);
            }
        }
        return shape[shape.length - 1][1];
    }

    /** BalancedAllocation: (1 - the standard deviation of the requested fractions) x 100. */
    static long balanced(long[] requested, long[] allocatable) {
        double[] fractions = new double[requested.length];
        int n = 0;
        double total = 0;
        for (int i = 0; i < requested.length; i++) {
            if (allocatable[i] == 0) {
                continue;
            }
            double f = Math.min(1, (double) requested[i] / allocatable[i]);
            fractions[n++] = f;
            total += f;
        }
        double std = 0;
        if (n == 2) {
            std = Math.abs((fractions[0] - fractions[1]) / 2);
        } else if (n > 2) {
            double mean = total / n;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += (fractions[i] - mean) * (fractions[i] - mean);
            }
            std = Math.sqrt(sum / n);
        }
        return (long) ((1 - std) * MAX);
    }

    private interface PerResource {
        long score(long requested, long capacity);
    }

    private static long weightedMean(List<ResourceSpec> resources, long[] requested, long[] allocatable,
            PerResource f) {
        long sum = 0;
        long weights = 0;
        for (int i = 0; i < requested.length; i++) {
            if (allocatable[i] == 0) {
                continue;
            }
            long w = resources.get(i).weight();
            sum += f.score(requested[i], allocatable[i]) * w;
            weights += w;
        }
        return weights == 0 ? 0 : sum / weights;
    }
}
