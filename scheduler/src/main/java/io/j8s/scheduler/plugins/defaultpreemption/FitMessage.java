package io.j8s.scheduler.plugins.defaultpreemption;

import io.j8s.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Upstream's FitError text over per-node statuses: "0/3 nodes are available: 1 No preemption
 * victims found for incoming pod, 2 Preemption is not helpful for scheduling." — each reason
 * counted over the nodes, the "count reason" strings sorted. (The runtime builds the same line
 * for the filter's verdicts.)
 */
final class FitMessage {
    private FitMessage() {}

    static String of(int allNodes, Map<String, Status> statuses) {
        Map<String, Integer> histogram = new TreeMap<>();
        for (Status s : statuses.values()) {
            for (String reason : s.reasons()) {
                histogram.merge(reason, 1, Integer::sum);
            }
        }
        List<String> parts = new ArrayList<>();
        histogram.forEach((reason, n) -> parts.add(n + " " + reason));
        parts.sort(null);
        StringBuilder b = new StringBuilder("0/").append(allNodes).append(" nodes are available:");
        if (!parts.isEmpty()) {
            b.append(' ').append(String.join(", ", parts));
        }
        return b.append('.').toString();
    }
}
