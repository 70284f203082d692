package io.j8s.scheduler.runtime;

import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.cache.NodeSnapshot;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.NodeScore;
import io.j8s.scheduler.framework.PreFilterResult;
import io.j8s.scheduler.framework.ScorePlugin;
import io.j8s.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Finds the node for one pod (upstream's {@code schedulePod}): PreFilter; Filter in parallel
 * over the nodes from a round-robin start until enough feasible ones are found (adaptive
 * {@code percentageOfNodesToScore}); PreScore; Score in parallel, NormalizeScore, weights; the
 * highest total wins, ties broken at random. The decision record is built on the way.
 */
final class PodPlacement {
    static final int MIN_FEASIBLE_NODES_TO_FIND = 100;
    static final int MIN_FEASIBLE_PERCENTAGE = 5;
    private static final int TOP = 3;

    /** The chosen node (null when none fits) and the decision, or the diagnosis. */
    record Result(String node, String decision, Diagnosis diagnosis) {}

    private final NodeSnapshot snapshot;
    private final Parallelizer parallel;
    private final int percentage;
    private int nextStartNodeIndex;

    PodPlacement(NodeSnapshot snapshot, Parallelizer parallel, int percentage) {
        this.snapshot = snapshot;
        this.parallel = parallel;
        this.percentage = percentage;
    }

    Result place(Framework fw, CycleState state, Pod pod) {
        List<NodeInfo> all = snapshot.nodes();
        if (all.isEmpty()) {
            return new Result(null, null, new Diagnosis(0, Map.of()));
        }
        Set<String> skipped = new HashSet<>();
        state.write(ExtensionPoints.SKIPPED, skipped);
        PreFilterResult pre = fw.run.preFilter(state, pod, all, skipped);
        if (!pre.status().isSuccess()) {
            Map<String, Status> statuses = new HashMap<>();
            all.forEach(n -> statuses.put(n.name(), pre.status()));
            Diagnosis d = new Diagnosis(all.size(), statuses);
            d.preFilterMsg = pre.status().message();
            return new Result(null, null, d);
        }
        List<NodeInfo> nodes = all;
        if (!pre.allNodes()) {
            nodes = new ArrayList<>();
            for (String name : pre.nodeNames()) {
                NodeInfo n = snapshot.get(name);
                if (n != null) {
                    nodes.add(n);
                }
            }
        }
        Map<String, Status> filtered = new ConcurrentHashMap<>();
        List<NodeInfo> feasible = nominatedNodeFirst(fw, state, pod);
        int evaluated = feasible.size();
        if (feasible.isEmpty()) {
            feasible = filter(fw, state, pod, nodes, filtered);
            evaluated = feasible.size() + filtered.size();
        }
        if (feasible.isEmpty()) {
            return new Result(null, null, new Diagnosis(all.size(), filtered));
        }
        List<DecisionRecord.Candidate> ranked = score(fw, state, pod, feasible);
        DecisionRecord.Candidate best = select(ranked);
        List<DecisionRecord.Candidate> top = new ArrayList<>(ranked);
        top.sort(Comparator.comparingLong(DecisionRecord.Candidate::total).reversed());
        top.remove(best);
        top.add(0, best);
        String decision = DecisionRecord.bound(fw.schedulerName(), best.node(), all.size(), evaluated,
                feasible.size(), filtered, top.subList(0, Math.min(TOP, top.size())));
        return new Result(best.node(), decision, null);
    }

    /** The node preemption nominated the pod to, when it still fits there. */
    private List<NodeInfo> nominatedNodeFirst(Framework fw, CycleState state, Pod pod) {
        String name = pod.getStatus() == null ? null : pod.getStatus().getNominatedNodeName();
        NodeInfo n = name == null || name.isEmpty() ? null : snapshot.get(name);
        if (n != null && fw.run.filterWithNominatedPods(state, pod, n).isSuccess()) {
            return List.of(n);
        }
        return List.of();
    }

    private List<NodeInfo> filter(Framework fw, CycleState state, Pod pod, List<NodeInfo> nodes,
            Map<String, Status> filtered) {
        int n = nodes.size();
        int toFind = numFeasibleNodesToFind(fw.profile().percentageOfNodesToScore() == null
                ? percentage : fw.profile().percentageOfNodesToScore(), n);
        NodeInfo[] found = new NodeInfo[n];
        AtomicInteger feasibleCount = new AtomicInteger();
        AtomicInteger processed = new AtomicInteger();
        int start = nextStartNodeIndex % n;
        parallel.until(n, i -> {
            NodeInfo node = nodes.get((start + i) % n);
            Status s = fw.run.filterWithNominatedPods(state, pod, node);
            if (s.isSuccess()) {
                int c = feasibleCount.incrementAndGet();
                if (c > toFind) {
                    return true;
                }
                found[i] = node;
                processed.incrementAndGet();
                return c == toFind;
            }
            processed.incrementAndGet();
            filtered.put(node.name(), s);
            return false;
        });
        nextStartNodeIndex = (start + processed.get()) % n;
        List<NodeInfo> out = new ArrayList<>(Math.min(n, toFind));
        for (NodeInfo f : found) {
            if (f != null) {
                out.add(f);
            }
        }
        return out;
    }

    /** How many feasible nodes are enough (upstream's {@code numFeasibleNodesToFind}). */
    static int numFeasibleNodesToFind(int percentage, int numAllNodes) {
        if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND || percentage >= 100) {
            return numAllNodes;
        }
        int adaptive = percentage;
        if (adaptive <= 0) {
            adaptive = 50 - numAllNodes / 125;
            if (adaptive < MIN_FEASIBLE_PERCENTAGE) {
                adaptive = MIN_FEASIBLE_PERCENTAGE;
            }
        }
        int num = (int) ((long) numAllNodes * adaptive / 100);
        return Math.max(num, MIN_FEASIBLE_NODES_TO_FIND);
    }

    /** Per-node weighted scores of every score plugin, and their totals. */
    private List<DecisionRecord.Candidate> score(Framework fw, CycleState state, Pod pod,
            List<NodeInfo> feasible) {
        List<DecisionRecord.Candidate> out = new ArrayList<>(feasible.size());
        if (feasible.size() == 1 || fw.score.isEmpty()) {
            feasible.forEach(n -> out.add(new DecisionRecord.Candidate(n.name(), 0, Map.of())));
            return out;
        }
        Set<String> skipped = new HashSet<>();
        Status pre = fw.run.preScore(state, pod, feasible, skipped);
        if (!pre.isSuccess()) {
            throw new IllegalStateException("running PreScore plugin " + pre.plugin() + ": " + pre.message());
        }
        List<ScorePlugin> plugins = fw.score.stream().filter(p -> !skipped.contains(p.name())).toList();
        long[][] scores = new long[plugins.size()][feasible.size()];
        parallel.each(feasible.size(), i -> {
            for (int p = 0; p < plugins.size(); p++) {
                ScorePlugin.Score s = plugins.get(p).score(state, pod, feasible.get(i));
                if (!s.status().isSuccess()) {
                    throw new IllegalStateException("running Score plugin " + plugins.get(p).name()
                            + ": " + s.status().message());
                }
                scores[p][i] = s.value();
            }
        });
        List<Map<String, Long>> perNode = new ArrayList<>(feasible.size());
        long[] totals = new long[feasible.size()];
        feasible.forEach(n -> perNode.add(new HashMap<>()));
        for (int p = 0; p < plugins.size(); p++) {
            ScorePlugin plugin = plugins.get(p);
            List<NodeScore> list = new ArrayList<>(feasible.size());
            for (int i = 0; i < feasible.size(); i++) {
                list.add(new NodeScore(feasible.get(i).name(), scores[p][i]));
            }
            Status s = plugin.normalizeScore(state, pod, list);
            if (!s.isSuccess()) {
                throw new IllegalStateException("running Normalize on Score plugin " + plugin.name()
                        + ": " + s.message());
            }
            int weight = fw.weight(plugin);
            for (int i = 0; i < list.size(); i++) {
                long w = list.get(i).score() * weight;
                perNode.get(i).put(plugin.name(), w);
                totals[i] += w;
            }
        }
        for (int i = 0; i < feasible.size(); i++) {
            out.add(new DecisionRecord.Candidate(feasible.get(i).name(), totals[i], perNode.get(i)));
        }
        return out;
    }

    /** The highest total; among equal ones each is chosen with the same chance. */
    private static DecisionRecord.Candidate select(List<DecisionRecord.Candidate> ranked) {
        DecisionRecord.Candidate best = null;
        int ties = 0;
        for (DecisionRecord.Candidate c : ranked) {
            if (best == null || c.total() > best.total()) {
                best = c;
                ties = 1;
            } else if (c.total() == best.total()) {
                ties++;
                if (ThreadLocalRandom.current().nextInt(ties) == 0) {
                    best = c;
                }
            }
        }
        return best;
    }
}
