package io.j8s.scheduler.runtime;

import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.BindPlugin;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.FilterPlugin;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.PermitPlugin;
import io.j8s.scheduler.framework.PodInfo;
import io.j8s.scheduler.framework.PostBindPlugin;
import io.j8s.scheduler.framework.PostFilterPlugin;
import io.j8s.scheduler.framework.PreBindPlugin;
import io.j8s.scheduler.framework.PreFilterPlugin;
import io.j8s.scheduler.framework.PreFilterResult;
import io.j8s.scheduler.framework.PreScorePlugin;
import io.j8s.scheduler.framework.ReservePlugin;
import io.j8s.scheduler.framework.Status;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runs of one framework's extension points, in upstream's order and with its rules: the
 * first plugin that does not succeed ends a run, and the status names it.
 */
final class ExtensionPoints {
    private final Framework fw;

    ExtensionPoints(Framework fw) {
        this.fw = fw;
    }

    /** PreFilter: the intersection of the node sets the plugins narrowed to (null: all). */
    PreFilterResult preFilter(CycleState state, Pod pod, List<NodeInfo> nodes, Set<String> skipped) {
        Set<String> names = null;
        for (PreFilterPlugin p : fw.preFilter) {
            PreFilterResult r = p.preFilter(state, pod, nodes);
            Status s = r.status();
            if (s.isSkip()) {
                skipped.add(p.name());
                continue;
            }
            if (!s.isSuccess()) {
                return PreFilterResult.of(s.withPlugin(p.name()));
            }
            if (!r.allNodes()) {
                if (names == null) {
                    names = new HashSet<>(r.nodeNames());
                } else {
                    names.retainAll(r.nodeNames());
                }
            }
        }
        return new PreFilterResult(Status.success(), names);
    }

    /** Filter on one node; the first plugin that rejects it ends the run. */
    Status filter(CycleState state, Pod pod, NodeInfo node, Set<String> skipped) {
        for (FilterPlugin p : fw.filter) {
            if (skipped.contains(p.name())) {
                continue;
            }
            Status s = p.filter(state, pod, node);
            if (!s.isSuccess()) {
                return s.withPlugin(p.name());
            }
        }
        return Status.success();
    }

    /**
     * Filter as if the pods nominated to the node with a priority at least the pod's ran there
     * too, then without them (upstream's {@code RunFilterPluginsWithNominatedPods}).
     */
    Status filterWithNominatedPods(CycleState state, Pod pod, NodeInfo node) {
        Set<String> skipped = skippedOf(state);
        if (fw.noNominatedPods()) {
            return filter(state, pod, node, skipped);
        }
        List<PodInfo> nominated = fw.nominatedPods(node.name());
        int priority = PodInfo.priority(pod);
        List<PodInfo> higher = nominated.stream().filter(n -> PodInfo.priority(n.pod()) >= priority
                && !n.uid().equals(pod.getMetadata().getUid())).toList();
        if (!higher.isEmpty()) {
            CycleState withState = state.copy();
            NodeInfo withNode = node.copy();
            for (PodInfo n : higher) {
                withNode.addPod(n);
                Status s = preFilterAddPod(withState, pod, n, withNode);
                if (!s.isSuccess()) {
                    return s;
                }
            }
            Status s = filter(withState, pod, withNode, skipped);
            if (!s.isSuccess()) {
                return s;
            }
        }
        return filter(state, pod, node, skipped);
    }

    static final String SKIPPED = "j8s.runtime/skipped-filters";

    @SuppressWarnings("unchecked")
    static Set<String> skippedOf(CycleState state) {
        Set<String> s = state.read(SKIPPED);
        return s == null ? Set.of() : s;
    }

    Status preFilterAddPod(CycleState state, Pod pod, PodInfo add, NodeInfo node) {
        for (PreFilterPlugin p : fw.preFilter) {
            var ext = p.preFilterExtensions();
            if (ext != null && !skippedOf(state).contains(p.name())) {
                Status s = ext.addPod(state, pod, add, node);
                if (!s.isSuccess()) {
                    return s.withPlugin(p.name());
                }
            }
        }
        return Status.success();
    }

    Status preFilterRemovePod(CycleState state, Pod pod, PodInfo remove, NodeInfo node) {
        for (PreFilterPlugin p : fw.preFilter) {
            var ext = p.preFilterExtensions();
            if (ext != null && !skippedOf(state).contains(p.name())) {
                Status s = ext.removePod(state, pod, remove, node);
                if (!s.isSuccess()) {
                    return s.withPlugin(p.name());
                }
            }
        }
        return Status.success();
    }

    /** PostFilter: the first plugin that succeeds (or errs) ends the run. */
    PostFilterPlugin.PostFilterResult postFilter(CycleState state, Pod pod, Map<String, Status> statuses) {
        PostFilterPlugin.PostFilterResult last = PostFilterPlugin.PostFilterResult.of(
                Status.unschedulable());
        for (PostFilterPlugin p : fw.postFilter) {
            PostFilterPlugin.PostFilterResult r = p.postFilter(state, pod, statuses);
            Status s = r.status().withPlugin(p.name());
            if (s.isSuccess() || s.code() == Status.Code.ERROR) {
                return new PostFilterPlugin.PostFilterResult(s, r.nominatedNodeName());
            }
            last = new PostFilterPlugin.PostFilterResult(s, r.nominatedNodeName());
        }
        return last;
    }

    Status preScore(CycleState state, Pod pod, List<NodeInfo> nodes, Set<String> skipped) {
        for (PreScorePlugin p : fw.preScore) {
            Status s = p.preScore(state, pod, nodes);
            if (s.isSkip()) {
                skipped.add(p.name());
            } else if (!s.isSuccess()) {
                return s.withPlugin(p.name());
            }
        }
        return Status.success();
    }

    Status reserve(CycleState state, Pod pod, String node) {
        for (ReservePlugin p : fw.reserve) {
            Status s = p.reserve(state, pod, node);
            if (!s.isSuccess()) {
                return s.withPlugin(p.name());
            }
        }
        return Status.success();
    }

    /** Unreserve in the reverse order. */
    void unreserve(CycleState state, Pod pod, String node) {
        for (int i = fw.reserve.size() - 1; i >= 0; i--) {
            fw.reserve.get(i).unreserve(state, pod, node);
        }
    }

    /**
     * Permit: a rejection ends the run; WAIT answers park the pod in a {@link WaitingPodEntry}
     * (returned, to wait on in the binding cycle), with the shortest of their timeouts.
     */
    Object permit(CycleState state, Pod pod, String node) {
        Set<String> waitingOn = new HashSet<>();
        Duration timeout = null;
        for (PermitPlugin p : fw.permit) {
            PermitPlugin.PermitResult r = p.permit(state, pod, node);
            Status s = r.status();
            if (s.code() == Status.Code.WAIT) {
                waitingOn.add(p.name());
                Duration t = r.timeout() == null || r.timeout().isZero() ? Duration.ofMinutes(15) : r.timeout();
                timeout = timeout == null || t.compareTo(timeout) < 0 ? t : timeout;
            } else if (!s.isSuccess()) {
                return s.withPlugin(p.name());
            }
        }
        if (waitingOn.isEmpty()) {
            return Status.success();
        }
        WaitingPodEntry w = new WaitingPodEntry(pod, waitingOn, timeout);
        fw.waiting.put(pod.getMetadata().getUid(), w);
        return w;
    }

    Status preBind(CycleState state, Pod pod, String node) {
        for (PreBindPlugin p : fw.preBind) {
            Status s = p.preBind(state, pod, node);
            if (!s.isSuccess()) {
                return s.withPlugin(p.name());
            }
        }
        return Status.success();
    }

    Status bind(CycleState state, Pod pod, String node) {
        for (BindPlugin p : fw.bind) {
            Status s = p.bind(state, pod, node);
            if (s.isSkip()) {
                continue;
            }
            return s.withPlugin(p.name());
        }
        return Status.error("no bind plugin bound pod " + pod.getMetadata().getName()).withPlugin("");
    }

    void postBind(CycleState state, Pod pod, String node) {
        for (PostBindPlugin p : fw.postBind) {
            p.postBind(state, pod, node);
        }
    }
}
