package io.j8s.scheduler.plugins.defaultpreemption;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.ClusterEvent;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.FitErrors;
import io.j8s.scheduler.framework.EnqueueExtensions;
import io.j8s.scheduler.framework.FrameworkHandle;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.Plugin;
import io.j8s.scheduler.framework.PodInfo;
import io.j8s.scheduler.framework.PostFilterPlugin;
import io.j8s.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Upstream's DefaultPreemption: when no node fits, the nodes that failed only on resolvable
 * grounds (status Unschedulable) are tried, from a random offset, until enough candidates are
 * found ({@code max(nodes * minCandidateNodesPercentage / 100, minCandidateNodesAbsolute)});
 * the best one ({@link Candidate#pickOne}) has its victims deleted ({@link Eviction}) and the
 * pod is nominated to it. The answer's message starts with "preemption: " as upstream's does.
 */
public final class DefaultPreemption implements Plugin, PostFilterPlugin, EnqueueExtensions {
    public static final String NAME = "DefaultPreemption";
    static final String NOT_HELPFUL = "Preemption is not helpful for scheduling";
    static final String NEVER = "not eligible due to preemptionPolicy=Never.";
    static final String TERMINATING =
            "not eligible due to a terminating pod on the nominated node.";

    private final FrameworkHandle handle;
    private final int minPercentage;
    private final int minAbsolute;

    public DefaultPreemption(JsonNode args, FrameworkHandle handle) {
        this.handle = handle;
        int pct = 10;
        int abs = 100;
        if (args != null && !args.isNull()) {
            pct = intArg(args, "minCandidateNodesPercentage", pct);
            abs = intArg(args, "minCandidateNodesAbsolute", abs);
        }
        if (pct < 0 || pct > 100) {
            throw new IllegalArgumentException("DefaultPreemptionArgs.minCandidateNodesPercentage:"
                    + " Invalid value: " + pct + ": not in valid range [0, 100]");
        }
        if (abs < 0) {
            throw new IllegalArgumentException("DefaultPreemptionArgs.minCandidateNodesAbsolute:"
                    + " Invalid value: " + abs + ": not in valid range [0, inf)");
        }
        if (pct == 0 && abs == 0) {
            throw new IllegalArgumentException("DefaultPreemptionArgs.minCandidateNodesPercentage:"
                    + " Invalid value: 0: cannot be zero at the same time as"
                    + " minCandidateNodesAbsolute");
        }
        this.minPercentage = pct;
        this.minAbsolute = abs;
    }

    private static int intArg(JsonNode args, String field, int dflt) {
        JsonNode v = args.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.canConvertToInt()) {
            throw new IllegalArgumentException("DefaultPreemptionArgs." + field + ": Invalid value: "
                    + v + ": must be an integer");
        }
        return v.asInt();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PostFilterResult postFilter(CycleState state, Pod pod,
            Map<String, Status> filteredNodeStatuses) {
        String ineligible = ineligibility(pod, filteredNodeStatuses);
        if (ineligible != null) {
            return PostFilterResult.of(Status.unschedulable("preemption: " + ineligible));
        }
        List<NodeInfo> all = handle.snapshot().nodes();
        Map<String, Status> outcome = new HashMap<>();
        List<NodeInfo> potential = new ArrayList<>();
        for (NodeInfo n : all) {
            Status s = filteredNodeStatuses.get(n.name());
            if (s != null && s.code() == Status.Code.UNSCHEDULABLE) {
                potential.add(n);
            } else {
                outcome.put(n.name(), Status.unresolvable(NOT_HELPFUL));
            }
        }
        List<Candidate> candidates = potential.isEmpty() ? List.of()
                : findCandidates(state, pod, potential, outcome);
        if (candidates.isEmpty()) {
            return new PostFilterResult(Status.unschedulable("preemption: "
                    + FitErrors.message(all.size(), outcome.values())), "");
        }
        Candidate best = Candidate.pickOne(candidates);
        Status prepared = new Eviction(handle, NAME).prepare(pod, best);
        if (!prepared.isSuccess()) {
            return PostFilterResult.of(prepared);
        }
        return new PostFilterResult(Status.success(), best.node());
    }

    private String ineligibility(Pod pod, Map<String, Status> statuses) {
        if ("Never".equals(pod.getSpec().getPreemptionPolicy())) {
            return NEVER;
        }
        String nominated = pod.getStatus() == null ? null : pod.getStatus().getNominatedNodeName();
        if (nominated == null || nominated.isEmpty()) {
            return null;
        }
        Status s = statuses.get(nominated);
        if (s != null && s.code() == Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE) {
            return null;
        }
        NodeInfo node = handle.snapshot().get(nominated);
        if (node != null) {
            int priority = PodInfo.priority(pod);
            for (PodInfo p : node.pods()) {
                if (PodInfo.priority(p.pod()) < priority
                        && p.pod().getMetadata().getDeletionTimestamp() != null) {
                    return TERMINATING;
                }
            }
        }
        return null;
    }

    private List<Candidate> findCandidates(CycleState state, Pod pod, List<NodeInfo> potential,
            Map<String, Status> outcome) {
        int wanted = numCandidates(potential.size());
        int offset = ThreadLocalRandom.current().nextInt(potential.size());
        var pdbs = handle.listers() == null ? List.<io.fabric8.kubernetes.api.model.policy.v1
                .PodDisruptionBudget>of() : handle.listers().podDisruptionBudgets();
        List<Candidate> nonViolating = new ArrayList<>();
        List<Candidate> violating = new ArrayList<>();
        // As upstream: nodes are tried in parallel, a batch at a time, until enough candidates.
        int batch = Math.max(wanted, handle.parallelism());
        for (int from = 0; from < potential.size(); from += batch) {
            List<NodeInfo> nodes = new ArrayList<>();
            for (int i = from; i < Math.min(potential.size(), from + batch); i++) {
                nodes.add(potential.get((offset + i) % potential.size()));
            }
            List<VictimSelection.Result> results = nodes.parallelStream()
                    .map(node -> VictimSelection.onNode(handle, state, pod, node, pdbs)).toList();
            for (int i = 0; i < results.size(); i++) {
                VictimSelection.Result r = results.get(i);
                if (r.candidate() == null) {
                    outcome.put(nodes.get(i).name(), r.status());
                } else {
                    (r.candidate().pdbViolations() == 0 ? nonViolating : violating).add(r.candidate());
                }
            }
            if (!nonViolating.isEmpty() && nonViolating.size() + violating.size() >= wanted) {
                break;
            }
        }
        List<Candidate> all = new ArrayList<>(nonViolating);
        all.addAll(violating);
        return all;
    }

    int numCandidates(int nodes) {
        int n = nodes * minPercentage / 100;
        if (n < minAbsolute) {
            n = minAbsolute;
        }
        return Math.min(n, nodes);
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        return List.of();
    }
}
