package io.j8s.scheduler.runtime;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.j8s.scheduler.cache.Cache;
import io.j8s.scheduler.cache.NodeSnapshot;
import io.j8s.scheduler.framework.ClusterEvent;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.PostFilterPlugin;
import io.j8s.scheduler.framework.QueuedPodInfo;
import io.j8s.scheduler.framework.Status;
import io.j8s.scheduler.queue.NominatedPods;
import io.j8s.scheduler.queue.SchedulingQueue;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Schedules one pod (upstream's {@code ScheduleOne}): finds the node ({@link PodPlacement}),
 * assumes the pod there in the cache, runs Reserve and Permit, and hands the rest to a
 * {@link BindingCycle} on the binding executor, so that the next pod is scheduled while this
 * one's binding is in flight. A pod that fits nowhere runs PostFilter (preemption) and goes to
 * the unschedulable set with upstream's condition, event and message.
 */
public final class SchedulingCycle {
    private static final Logger LOG = Logger.getLogger(SchedulingCycle.class.getName());
    private final Cache cache;
    private final SchedulingQueue queue;
    private final Map<String, Framework> frameworks;
    private final NodeSnapshot snapshot;
    private final NominatedPods nominated;
    private final Outcomes outcomes;
    private final ExecutorService binding;
    private final PodPlacement placement;

    public SchedulingCycle(Cache cache, SchedulingQueue queue, Map<String, Framework> frameworks,
            NodeSnapshot snapshot, NominatedPods nominated, Outcomes outcomes,
            ExecutorService filterPool, ExecutorService binding, int parallelism,
            int percentageOfNodesToScore) {
        this.cache = cache;
        this.queue = queue;
        this.frameworks = frameworks;
        this.snapshot = snapshot;
        this.nominated = nominated;
        this.outcomes = outcomes;
        this.binding = binding;
        this.placement = new PodPlacement(snapshot, new Parallelizer(filterPool, parallelism),
                percentageOfNodesToScore);
    }

    /** Schedules the pod just popped from the queue. */
    public void scheduleOne(QueuedPodInfo q) {
        Pod pod = q.pod();
        long cycle = queue.schedulingCycle();
        Framework fw = frameworks.get(pod.getSpec().getSchedulerName());
        if (cache.isAssumed(pod)) {
            return; // upstream's skipPodSchedule: a late update requeued a pod being bound; its binding cycle ends it
        }
        if (fw == null || pod.getMetadata().getDeletionTimestamp() != null) {
            queue.done(pod);
            return;
        }
        cache.updateSnapshot(snapshot);
        CycleState state = new CycleState();
        PodPlacement.Result r;
        try {
            r = placement.place(fw, state, pod);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "scheduling " + key(pod) + " failed", e);
            outcomes.failed(pod, "SchedulerError", String.valueOf(e.getMessage()), null, null);
            queue.addBackoff(q);
            return;
        }
        if (r.node() == null) {
            unschedulable(fw, state, q, cycle, r);
            return;
        }
        Pod assumed = new PodBuilder(pod).editSpec().withNodeName(r.node()).endSpec().build();
        cache.assume(assumed);
        Status s = fw.run.reserve(state, assumed, r.node());
        if (!s.isSuccess()) {
            fw.run.unreserve(state, assumed, r.node());
            cache.forget(assumed);
            retry(fw, q, cycle, s, "SchedulerError");
            return;
        }
        Object permit = fw.run.permit(state, assumed, r.node());
        if (permit instanceof Status p && !p.isSuccess()) {
            fw.run.unreserve(state, assumed, r.node());
            cache.forget(assumed);
            retry(fw, q, cycle, p, p.isRejected() ? "Unschedulable" : "SchedulerError");
            return;
        }
        state.bindingAnnotations().put(DecisionRecord.DECISION, r.decision());
        nominated.remove(pod);
        BindingCycle b = new BindingCycle(fw, cache, queue, outcomes, state, q, assumed, r.node(),
                permit instanceof WaitingPodEntry w ? w : null);
        binding.execute(b);
    }

    private void unschedulable(Framework fw, CycleState state, QueuedPodInfo q, long cycle,
            PodPlacement.Result r) {
        Pod pod = q.pod();
        Diagnosis d = r.diagnosis();
        String nominatedNode = null;
        if (d.numAllNodes > 0 && !fw.postFilter.isEmpty()) {
            PostFilterPlugin.PostFilterResult pf = fw.run.postFilter(state, pod, d.nodeStatuses);
            if (pf.status().isSuccess() && pf.nominatedNodeName() != null) {
                nominatedNode = pf.nominatedNodeName();
                nominated.nominate(pod, nominatedNode);
            } else if (!pf.status().message().isEmpty()) {
                d.postFilterMsg = pf.status().message();
            }
        }
        String message = d.message();
        Set<String> plugins = new TreeSet<>(d.unschedulablePlugins);
        // no nodes: nothing per node to explain, and no metadata write on every pod of a node-less cluster
        outcomes.failed(pod, "Unschedulable", message, nominatedNode, d.numAllNodes == 0 ? null
                : DecisionRecord.pending(fw.schedulerName(), d.numAllNodes, d.nodeStatuses, message));
        queue.addUnschedulable(new QueuedPodInfo(pod, q.timestamp(), q.attempts(), q.initialAttempt(),
                plugins), cycle);
    }

    private void retry(Framework fw, QueuedPodInfo q, long cycle, Status s, String reason) {
        outcomes.failed(q.pod(), reason, s.message(), null, null);
        if (s.isRejected()) {
            queue.addUnschedulable(new QueuedPodInfo(q.pod(), q.timestamp(), q.attempts(),
                    q.initialAttempt(), s.plugin() == null ? Set.of() : Set.of(s.plugin())), cycle);
        } else {
            queue.addBackoff(q);
        }
        queue.onEvent(new ClusterEvent(ClusterEvent.Resource.ASSIGNED_POD, ClusterEvent.Action.DELETE));
    }

    static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }
}
