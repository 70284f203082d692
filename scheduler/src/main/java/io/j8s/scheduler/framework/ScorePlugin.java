package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * Ranks the nodes that passed filtering: a score per node, then (optionally) a normalisation
 * to 0..{@link #MAX_NODE_SCORE} over all of them; the runtime multiplies by the plugin's weight.
 * {@link #score} is called in parallel for many nodes.
 */
public interface ScorePlugin extends Plugin {
    long MAX_NODE_SCORE = 100;
    long MIN_NODE_SCORE = 0;

    Score score(CycleState state, Pod pod, NodeInfo node);

    /** Rescales {@code scores} in place; the default leaves them as they are. */
    default Status normalizeScore(CycleState state, Pod pod, List<NodeScore> scores) {
        return Status.success();
    }

    /** One node's score, or the status that stopped scoring it. */
    record Score(long value, Status status) {
        public static Score of(long value) {
            return new Score(value, Status.success());
        }

        public static Score failed(Status status) {
            return new Score(0, status);
        }
    }
}
