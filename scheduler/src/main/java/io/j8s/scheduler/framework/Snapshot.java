package io.j8s.scheduler.framework;

import java.util.List;

/**
 * The nodes as one scheduling cycle sees them, taken from the cache at the start of the cycle
 * (upstream's {@code SharedLister}); unchanged while the cycle runs.
 */
public interface Snapshot {
    List<NodeInfo> nodes();

    /** The node of that name, or null. */
    NodeInfo get(String nodeName);

    /** Nodes with at least one pod that has pod affinity or anti-affinity terms. */
    List<NodeInfo> havePodsWithAffinity();

    /** Nodes with at least one pod that has required pod anti-affinity terms. */
    List<NodeInfo> havePodsWithRequiredAntiAffinity();

    /**
     * How many nodes hold the image of that name (upstream's {@code ImageStateSummary.NumNodes},
     * for ImageLocality). This default counts on every call; a snapshot may keep the counts.
     */
    default int nodesWithImage(String image) {
        int n = 0;
        for (NodeInfo node : nodes()) {
            if (node.images().containsKey(image)) {
                n++;
            }
        }
        return n;
    }
}
