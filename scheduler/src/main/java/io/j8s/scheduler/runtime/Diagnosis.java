package io.j8s.scheduler.runtime;

import io.j8s.scheduler.framework.FitErrors;
import io.j8s.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Why a pod fits no node (upstream's {@code FitError} and {@code Diagnosis}): the status of every
 * node filtered out, the PreFilter and PostFilter messages, and the plugins that rejected it
 * (which decide the cluster events that move it back). {@link #message()} is upstream's text:
 * {@code 0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {k: v}.
 * preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.}
 */
final class Diagnosis {
    static final String NO_NODES = "no nodes available to schedule pods";
    final int numAllNodes;
    final Map<String, Status> nodeStatuses;
    final Set<String> unschedulablePlugins = new TreeSet<>();
    String preFilterMsg = "";
    String postFilterMsg = "";

    Diagnosis(int numAllNodes, Map<String, Status> nodeStatuses) {
        this.numAllNodes = numAllNodes;
        this.nodeStatuses = nodeStatuses;
        nodeStatuses.values().forEach(s -> {
            if (s.plugin() != null && !s.plugin().isEmpty()) {
                unschedulablePlugins.add(s.plugin());
            }
        });
    }

    String message() {
        if (numAllNodes == 0) {
            return NO_NODES;
        }
        StringBuilder sb = new StringBuilder("0/" + numAllNodes + " nodes are available:");
        if (!preFilterMsg.isEmpty()) {
            sb.append(' ').append(preFilterMsg).append('.');
        } else {
            List<String> histogram = histogram();
            if (!histogram.isEmpty()) {
                sb.append(' ').append(String.join(", ", histogram)).append('.');
            }
        }
        if (!postFilterMsg.isEmpty()) {
            // preemption's message ends in its own full stop, as upstream's does
            sb.append(' ').append(postFilterMsg);
            if (!postFilterMsg.endsWith(".")) {
                sb.append('.');
            }
        }
        return sb.toString();
    }

    private List<String> histogram() {
        return FitErrors.histogram(nodeStatuses.values());
    }
}
