package io.j8s.scheduler.plugins.matching;

import io.j8s.scheduler.framework.NodeScore;
import java.util.List;

/** Score normalisation shared by plugins (upstream's {@code helper.DefaultNormalizeScore}). */
public final class Scores {
    private Scores() {}

    /**
     * Scales {@code scores} in place so the highest becomes {@code maxPriority}; with
     * {@code reverse} the highest becomes 0 and the lowest the largest. When every score is 0
     * they stay 0 (or all become {@code maxPriority} with {@code reverse}).
     */
    public static void defaultNormalize(long maxPriority, boolean reverse, List<NodeScore> scores) {
        long max = 0;
        for (NodeScore s : scores) {
            max = Math.max(max, s.score());
        }
        if (max == 0) {
            if (reverse) {
                scores.forEach(s -> s.score(maxPriority));
            }
            return;
        }
        for (NodeScore s : scores) {
            long v = maxPriority * s.score() / max;
            s.score(reverse ? maxPriority - v : v);
        }
    }
}
