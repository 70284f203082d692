package io.j8s.scheduler.plugins.podtopologyspread;

import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.NodeScore;
import io.j8s.scheduler.framework.ScorePlugin;
import io.j8s.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ScheduleAnyway constraints as a score, as upstream: a node's raw score is, per
 * constraint, the matching pods in its domain times log(domains + 2) plus maxSkew - 1; fewer is
 * better, so NormalizeScore maps the smallest to 100. Nodes missing a topology key score 0.
 */
final class SpreadScores {
    static final String KEY = "PreScorePodTopologySpread";
    static final String HOSTNAME = "kubernetes.io/hostname";
    final Pod pod;
    final List<Constraint> constraints;
    final Set<String> ignored = new HashSet<>();
    final List<Map<String, Long>> perDomain = new ArrayList<>();
    final double[] weight;

    private SpreadScores(Pod pod, List<Constraint> constraints) {
        this.pod = pod;
        this.constraints = constraints;
        this.weight = new double[constraints.size()];
    }

    static SpreadScores of(Pod pod, List<Constraint> constraints, List<NodeInfo> filtered,
            List<NodeInfo> all, boolean requireAllKeys) {
        SpreadScores s = new SpreadScores(pod, constraints);
        List<Set<String>> domains = new ArrayList<>();
        for (int i = 0; i < constraints.size(); i++) {
            s.perDomain.add(new HashMap<>());
            domains.add(new HashSet<>());
        }
        int counted = 0;
        for (NodeInfo node : filtered) {
            Map<String, String> labels = NodeInclusion.labels(node.node());
            if (requireAllKeys && !Constraint.hasAllKeys(constraints, labels)) {
                s.ignored.add(node.name());
                continue;
            }
            counted++;
            for (int i = 0; i < constraints.size(); i++) {
                String v = labels.get(constraints.get(i).topologyKey());
                if (v != null) {
                    domains.get(i).add(v);
                    s.perDomain.get(i).putIfAbsent(v, 0L);
                }
            }
        }
        String ns = pod.getMetadata().getNamespace();
        for (int i = 0; i < constraints.size(); i++) {
            Constraint c = constraints.get(i);
            boolean hostname = HOSTNAME.equals(c.topologyKey());
            s.weight[i] = Math.log((hostname ? counted : domains.get(i).size()) + 2);
            if (hostname) {
                continue;
            }
            Map<String, Long> counts = s.perDomain.get(i);
            for (NodeInfo node : all) {
                String v = NodeInclusion.labels(node.node()).get(c.topologyKey());
                if (v != null && counts.containsKey(v) && c.includes(pod, node.node())) {
                    counts.merge(v, c.countOn(node, ns), Long::sum);
                }
            }
        }
        return s;
    }

    ScorePlugin.Score score(NodeInfo node) {
        if (ignored.contains(node.name())) {
            return ScorePlugin.Score.of(0);
        }
        Map<String, String> labels = NodeInclusion.labels(node.node());
        String ns = pod.getMetadata().getNamespace();
        double score = 0;
        for (int i = 0; i < constraints.size(); i++) {
            Constraint c = constraints.get(i);
            String v = labels.get(c.topologyKey());
            if (v == null) {
                continue;
            }
            long count = HOSTNAME.equals(c.topologyKey()) ? c.countOn(node, ns)
                    : perDomain.get(i).getOrDefault(v, 0L);
            score += count * weight[i] + (c.maxSkew() - 1);
        }
        return ScorePlugin.Score.of(Math.round(score));
    }

    Status normalize(List<NodeScore> scores) {
        long min = Long.MAX_VALUE;
        long max = 0;
        for (NodeScore s : scores) {
            if (ignored.contains(s.name())) {
                continue;
            }
            min = Math.min(min, s.score());
            max = Math.max(max, s.score());
        }
        for (NodeScore s : scores) {
            if (ignored.contains(s.name())) {
                s.score(0);
            } else if (max == 0) {
                s.score(ScorePlugin.MAX_NODE_SCORE);
            } else {
                s.score(ScorePlugin.MAX_NODE_SCORE * (max + min - s.score()) / max);
            }
        }
        return Status.success();
    }
}
