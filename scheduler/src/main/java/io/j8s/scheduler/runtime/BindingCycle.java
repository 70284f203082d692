package io.j8s.scheduler.runtime;

import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.cache.Cache;
import io.j8s.scheduler.framework.ClusterEvent;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.QueuedPodInfo;
import io.j8s.scheduler.framework.Status;
import io.j8s.scheduler.queue.SchedulingQueue;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The binding half of a pod's scheduling, off the scheduling thread: wait on Permit, PreBind,
 * Bind, PostBind. When any of them fails the pod is unreserved, forgotten by the cache (its
 * node's room comes back) and requeued with back-off; the pods that waited on that room are
 * told, as upstream moves them on an assigned pod's deletion.
 */
final class BindingCycle implements Runnable {
    private static final Logger LOG = Logger.getLogger(BindingCycle.class.getName());
    private final Framework fw;
    private final Cache cache;
    private final SchedulingQueue queue;
    private final Outcomes outcomes;
    private final CycleState state;
    private final QueuedPodInfo q;
    private final Pod assumed;
    private final String node;
    private final WaitingPodEntry waiting;

    BindingCycle(Framework fw, Cache cache, SchedulingQueue queue, Outcomes outcomes,
            CycleState state, QueuedPodInfo q, Pod assumed, String node, WaitingPodEntry waiting) {
        this.fw = fw;
        this.cache = cache;
        this.queue = queue;
        this.outcomes = outcomes;
        this.state = state;
        this.q = q;
        this.assumed = assumed;
        this.node = node;
        this.waiting = waiting;
    }

    @Override
    public void run() {
        Status s;
        try {
            s = Status.success();
            if (waiting != null) {
                s = waiting.await();
                fw.waiting.remove(assumed.getMetadata().getUid());
            }
            if (s.isSuccess()) {
                s = fw.run.preBind(state, assumed, node);
            }
            if (s.isSuccess()) {
                s = fw.run.bind(state, assumed, node);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "binding " + SchedulingCycle.key(assumed) + " failed", e);
            s = Status.error(String.valueOf(e.getMessage()));
        }
        if (!s.isSuccess()) {
            fw.run.unreserve(state, assumed, node);
            cache.forget(assumed);
            String message = s.isRejected() ? s.message() : "Binding rejected: " + s.message();
            outcomes.failed(q.pod(), s.isRejected() ? "Unschedulable" : "SchedulerError", message, null, null);
            if (s.isRejected()) {
                queue.addUnschedulable(new QueuedPodInfo(q.pod(), q.timestamp(), q.attempts(),
                        q.initialAttempt(), s.plugin() == null ? Set.of() : Set.of(s.plugin())),
                        queue.schedulingCycle());
            } else {
                queue.addBackoff(q);
            }
            queue.onEvent(new ClusterEvent(ClusterEvent.Resource.ASSIGNED_POD, ClusterEvent.Action.DELETE));
            return;
        }
        queue.done(assumed);
        fw.run.postBind(state, assumed, node);
        outcomes.scheduled(assumed, node);
    }
}
