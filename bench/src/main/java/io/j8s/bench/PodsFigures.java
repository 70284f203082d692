package io.j8s.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code j8s bench pods} measured, filled in as it goes; a figure never measured stays
 * null or negative and prints as n/a, with the reason among the failures.
 */
final class PodsFigures {
    /** Pods created at once, in the order measured. */
    static final int[] BATCHES = {1, 10, 30};

    /** create → Ready per batch size, through the kubelet. */
    final Map<Integer, Percentiles> kubelet = new LinkedHashMap<>();
    /** {@code ctr run -d} per batch size. */
    final Map<Integer, Percentiles> ctr = new LinkedHashMap<>();
    /** Per batch size, the longest a round took from its first create to its last answered. */
    final Map<Integer, Long> createsAnswered = new LinkedHashMap<>();
    String containerdVersion = "?";
    /**
     * The single pods' time inside containerd, from its log: RunPodSandbox, CreateContainer +
     * StartContainer, the kubelet's gaps between those calls, and the rest of create → Ready
     * (the API, the kubelet's watch and status write, the benchmark's watch).
     */
    Percentiles singleSandbox;
    Percentiles singleContainer;
    Percentiles singleBetween;
    Percentiles singleOutside;
    /** Resident memory in KiB and idle CPU % of one core, with 30 pods running. */
    long serverRssKib = -1;
    double serverIdleCpu = Double.NaN;
    /** Of the idle CPU, the part the JIT compiler threads used. */
    double serverIdleJit = Double.NaN;
    double agentIdleJit = Double.NaN;
    long containerdRssKib = -1;
    long agentRssKib = -1;
    /** create → Ready of 30 pods at once on the separate agent's node. */
    Percentiles agentPods;
    double agentIdleCpu = Double.NaN;
    long controlPlaneRssKib = -1;
    int idleSeconds;
    /** sim, second round: first create to all 110 Running, and each pod's create → Running. */
    long sim110Nanos = -1;
    /** The first round of 110, on a server whose JIT compiled nothing of that path yet. */
    long sim110ColdNanos = -1;
    long sim110CreatesNanos = -1;
    Percentiles simPods;
    long simServerRssKib = -1;
    /** Why the cri part did not run (not root), or null. */
    String criSkipped;
    final List<String> failures = new ArrayList<>();

    /** The single pod's p99 in ms through the kubelet; NaN when not measured. */
    double singleP99Millis() {
        Percentiles p = kubelet.get(1);
        return p == null ? Double.NaN : p.millis(99);
    }

    /** kubelet p99 / ctr p99 for a single pod; NaN when either is missing. */
    double singleRatio() {
        Percentiles c = ctr.get(1);
        return c == null ? Double.NaN : singleP99Millis() / c.millis(99);
    }

    double sim110Seconds() {
        return sim110Nanos < 0 ? Double.NaN : sim110Nanos / 1e9;
    }
}
