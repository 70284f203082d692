package io.j8s.scheduler.framework;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Upstream's FitError wording over per-node statuses, shared by the runtime (why a pod fits no
 * node) and preemption (why no node helps): each reason counted over the nodes, the
 * "count reason" strings sorted as strings.
 */
public final class FitErrors {
    private FitErrors() {}

    /** "1 Insufficient cpu", "2 node(s) had untolerated taint {k: v}", ... sorted. */
    public static List<String> histogram(Collection<Status> statuses) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Status s : statuses) {
            for (String reason : s.reasons()) {
                counts.merge(reason, 1, Integer::sum);
            }
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((reason, n) -> parts.add(n + " " + reason));
        parts.sort(null);
        return parts;
    }

    /** "0/N nodes are available: 1 a, 2 b." */
    public static String message(int allNodes, Collection<Status> statuses) {
        List<String> parts = histogram(statuses);
        StringBuilder b = new StringBuilder("0/").append(allNodes).append(" nodes are available:");
        if (!parts.isEmpty()) {
            b.append(' ').append(String.join(", ", parts));
        }
        return b.append('.').toString();
    }
}
