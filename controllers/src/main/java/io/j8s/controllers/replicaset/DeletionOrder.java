package io.j8s.controllers.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;

/**
 * Upstream's ActivePodsWithRanks: which pods a shrinking owner deletes first. Earlier in this
 * order goes first: unassigned before assigned; Pending before Unknown before Running; not ready
 * before ready; lower {@code controller.kubernetes.io/pod-deletion-cost} first; more pods of the
 * owner on the same node first; ready for less time first; more restarts first; newer first.
 */
final class DeletionOrder implements Comparator<Pod> {
    static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

    /** How many of the owner's pods share each node: doubled-up pods go first. */
    private final Map<String, Integer> podsOnNode;

    DeletionOrder(Map<String, Integer> podsOnNode) {
        this.podsOnNode = podsOnNode;
    }

    @Override
    public int compare(Pod a, Pod b) {
        boolean aAssigned = nodeName(a) != null;
        boolean bAssigned = nodeName(b) != null;
        if (aAssigned != bAssigned) {
            return aAssigned ? 1 : -1;
        }
        int phase = Integer.compare(phaseRank(a), phaseRank(b));
        if (phase != 0) {
            return phase;
        }
        boolean aReady = PodStates.ready(a);
        boolean bReady = PodStates.ready(b);
        if (aReady != bReady) {
            return aReady ? 1 : -1;
        }
        int cost = Integer.compare(cost(a), cost(b));
        if (cost != 0) {
            return cost;
        }
        int rank = Integer.compare(rank(b), rank(a));
        if (rank != 0) {
            return rank;
        }
        if (aReady) {
            int since = compareNullLast(PodStates.readySince(b), PodStates.readySince(a));
            if (since != 0) {
                return since;
            }
        }
        int restarts = Integer.compare(restarts(b), restarts(a));
        if (restarts != 0) {
            return restarts;
        }
        return compareNullLast(created(b), created(a));
    }

    private static int compareNullLast(Instant x, Instant y) {
        if (x == null || y == null) {
            return x == y ? 0 : x == null ? 1 : -1;
        }
        return x.compareTo(y);
    }

    private int rank(Pod pod) {
        String node = nodeName(pod);
        return node == null ? 0 : podsOnNode.getOrDefault(node, 0);
    }

    private static String nodeName(Pod pod) {
        String n = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        return n == null || n.isEmpty() ? null : n;
    }

    private static int phaseRank(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if (phase == null) {
            return 0;
        }
        return switch (phase) {
            case "Pending" -> 0;
            case "Unknown" -> 1;
            case "Running" -> 2;
            default -> 0;
        };
    }

    private static int cost(Pod pod) {
        Map<String, String> a = pod.getMetadata().getAnnotations();
        String v = a == null ? null : a.get(DELETION_COST);
        if (v == null) {
            return 0;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int restarts(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return 0;
        }
        return pod.getStatus().getContainerStatuses().stream()
                .mapToInt(s -> s.getRestartCount() == null ? 0 : s.getRestartCount()).max()
                .orElse(0);
    }

    private static Instant created(Pod pod) {
        String t = pod.getMetadata().getCreationTimestamp();
        return t == null || t.isEmpty() ? null : Instant.parse(t);
    }
}
