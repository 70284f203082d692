package io.j8s.scheduler.plugins.noderesources;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.FrameworkHandle;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.Plugin;
import io.j8s.scheduler.framework.PreScorePlugin;
import io.j8s.scheduler.framework.ScorePlugin;
import io.j8s.scheduler.framework.Status;
import io.j8s.scheduler.plugins.args.PluginArgs;
import java.util.List;

/**
 * Prefers nodes where, with the pod, the fractions of each resource requested stay close to each
 * other: score = (1 - standard deviation of the fractions) x 100. As upstream it counts actual
 * requests (not the non-zero defaults) and skips best-effort pods, which request nothing and
 * would otherwise all pile onto one node. Args {@code resources} (default cpu and memory,
 * every weight 1).
 */
public final class BalancedAllocation implements Plugin, PreScorePlugin, ScorePlugin {
    public static final String NAME = "NodeResourcesBalancedAllocation";
    private static final String PRE_SCORE_KEY = "PreScore" + NAME;

    private final AllocationScorer scorer;

    public BalancedAllocation(JsonNode json, FrameworkHandle handle) {
        PluginArgs args = PluginArgs.of("NodeResourcesBalancedAllocationArgs", json, "resources");
        List<ResourceSpec> resources = FitArgs.resources(args, "resources", args.get("resources"), 1);
        this.scorer = new AllocationScorer(resources.isEmpty() ? ResourceSpec.DEFAULTS : resources, true,
                Strategies::balanced);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> nodes) {
        long[] requests = scorer.podRequests(pod);
        if (bestEffort(requests)) {
            return Status.skip();
        }
        state.write(PRE_SCORE_KEY, requests);
        return Status.success();
    }

    @Override
    public Score score(CycleState state, Pod pod, NodeInfo node) {
        long[] requests = state.read(PRE_SCORE_KEY);
        if (requests == null) {
            requests = scorer.podRequests(pod);
            if (bestEffort(requests)) {
                return Score.of(0);
            }
        }
        return Score.of(scorer.score(node, requests));
    }

    private static boolean bestEffort(long[] requests) {
        for (long r : requests) {
            if (r != 0) {
                return false;
            }
        }
        return true;
    }
}
