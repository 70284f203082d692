package io.j8s.scheduler.plugins.imagelocality;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.FrameworkHandle;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.Plugin;
import io.j8s.scheduler.framework.PreScorePlugin;
import io.j8s.scheduler.framework.ScorePlugin;
import io.j8s.scheduler.framework.Snapshot;
import io.j8s.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a node by the images of the pod's containers (init containers too) that it already
 * has, as upstream: each image counts its size times the fraction of nodes that have it (so an
 * image on every node does not pull pods to one), the sum is clamped to 23 MB ..
 * 1000 MB x containers and mapped linearly onto 0..100.
 */
public final class ImageLocality implements Plugin, PreScorePlugin, ScorePlugin {
    public static final String NAME = "ImageLocality";
    private static final String PRE_SCORE_KEY = "PreScore" + NAME;
    static final long MB = 1024L * 1024;
    static final long MIN_THRESHOLD = 23 * MB;
    static final long MAX_CONTAINER_THRESHOLD = 1000 * MB;

    private final FrameworkHandle handle;

    public ImageLocality(JsonNode args, FrameworkHandle handle) {
        this.handle = handle;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Counts how many nodes of the snapshot have each of the pod's images; skips scoring when no
     * node has any (every score would be 0).
     */
    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> nodes) {
        ImageSpread spread = spread(pod);
        state.write(PRE_SCORE_KEY, spread);
        return spread.nodesWith().isEmpty() ? Status.skip() : Status.success();
    }

    @Override
    public Score score(CycleState state, Pod pod, NodeInfo node) {
        ImageSpread spread = state.read(PRE_SCORE_KEY);
        if (spread == null) {
            spread = spread(pod);
        }
        if (spread.nodesWith().isEmpty()) {
            return Score.of(0);
        }
        long sum = 0;
        for (String image : spread.images()) {
            Long size = node.images().get(image);
            if (size != null && spread.totalNodes() > 0) {
                double fraction = (double) spread.nodesWith().getOrDefault(image, 0) / spread.totalNodes();
                sum += (long) (size * fraction);
            }
        }
        return Score.of(priority(sum, spread.images().size()));
    }

    static long priority(long sum, int containers) {
        long max = MAX_CONTAINER_THRESHOLD * containers;
        long clamped = Math.min(Math.max(sum, MIN_THRESHOLD), Math.max(max, MIN_THRESHOLD));
        if (max <= MIN_THRESHOLD) {
            return 0;
        }
        return MAX_NODE_SCORE * (clamped - MIN_THRESHOLD) / (max - MIN_THRESHOLD);
    }

    private ImageSpread spread(Pod pod) {
        List<String> images = new ArrayList<>();
        if (pod.getSpec() != null) {
            for (List<Container> cs : java.util.Arrays.asList(pod.getSpec().getInitContainers(),
                    pod.getSpec().getContainers())) {
                if (cs != null) {
                    cs.forEach(c -> images.add(normalized(c.getImage())));
                }
            }
        }
        Snapshot snapshot = handle.snapshot();
        Map<String, Integer> nodesWith = new HashMap<>();
        for (String image : new java.util.HashSet<>(images)) {
            int n = snapshot.nodesWithImage(image);
            if (n > 0) {
                nodesWith.put(image, n);
            }
        }
        return new ImageSpread(images, nodesWith, snapshot.nodes().size());
    }

    /** Upstream's normalizedImageName: a name without a tag gets ":latest". */
    static String normalized(String image) {
        if (image == null) {
            return "";
        }
        return image.lastIndexOf(':') <= image.lastIndexOf('/') ? image + ":latest" : image;
    }

    /** The pod's images (one per container) and on how many of {@code totalNodes} each is. */
    record ImageSpread(List<String> images, Map<String, Integer> nodesWith, int totalNodes) {}
}
