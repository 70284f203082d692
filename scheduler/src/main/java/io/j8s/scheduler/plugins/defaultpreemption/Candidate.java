package io.j8s.scheduler.plugins.defaultpreemption;

import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.PodInfo;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * A node where preemption makes the pod fit: the victims, most important first, and how many of
 * them a PodDisruptionBudget forbids evicting.
 */
record Candidate(String node, List<Pod> victims, int pdbViolations) {

    /** Upstream's MoreImportantPod: higher priority, then the earlier started. */
    static final Comparator<Pod> MORE_IMPORTANT_FIRST = Comparator
            .comparingInt((Pod p) -> -PodInfo.priority(p))
            .thenComparing(Candidate::startTime);

    static Instant startTime(Pod p) {
        String t = p.getStatus() == null ? null : p.getStatus().getStartTime();
        if (t == null) {
            t = p.getMetadata().getCreationTimestamp();
        }
        try {
            return t == null ? Instant.MAX : Instant.parse(t);
        } catch (RuntimeException e) {
            return Instant.MAX;
        }
    }

    int highestPriority() {
        return victims.isEmpty() ? Integer.MIN_VALUE : PodInfo.priority(victims.get(0));
    }

    /** The sum of the victims' priorities, each shifted to be non-negative as upstream does. */
    long prioritySum() {
        long sum = 0;
        for (Pod p : victims) {
            sum += (long) PodInfo.priority(p) + Integer.MAX_VALUE + 1L;
        }
        return sum;
    }

    /** The earliest start among the victims of the highest priority. */
    Instant earliestStartOfHighest() {
        int top = highestPriority();
        Instant earliest = Instant.MAX;
        for (Pod p : victims) {
            if (PodInfo.priority(p) == top && startTime(p).isBefore(earliest)) {
                earliest = startTime(p);
            }
        }
        return earliest;
    }

    /**
     * Upstream's pickOneNodeForPreemption: a node without victims at once; otherwise the fewest
     * PDB violations, the lowest highest-victim priority, the smallest sum of priorities, the
     * fewest victims, the latest start of the highest-priority victims; the first on a tie.
     */
    static Candidate pickOne(List<Candidate> candidates) {
        Candidate best = null;
        for (Candidate c : candidates) {
            if (c.victims.isEmpty()) {
                return c;
            }
            if (best == null || better(c, best)) {
                best = c;
            }
        }
        return best;
    }

    private static boolean better(Candidate a, Candidate b) {
        if (a.pdbViolations != b.pdbViolations) {
            return a.pdbViolations < b.pdbViolations;
        }
        if (a.highestPriority() != b.highestPriority()) {
            return a.highestPriority() < b.highestPriority();
        }
        if (a.prioritySum() != b.prioritySum()) {
            return a.prioritySum() < b.prioritySum();
        }
        if (a.victims.size() != b.victims.size()) {
            return a.victims.size() < b.victims.size();
        }
        return a.earliestStartOfHighest().isAfter(b.earliestStartOfHighest());
    }
}
