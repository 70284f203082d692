package io.j8s.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.j8s.scheduler.cache.Cache;
import io.j8s.scheduler.framework.ClusterEvent;
import io.j8s.scheduler.framework.ClusterEvent.Action;
import io.j8s.scheduler.framework.ClusterEvent.Resource;
import io.j8s.scheduler.framework.WaitingPod;
import io.j8s.scheduler.queue.NominatedPods;
import io.j8s.scheduler.queue.SchedulingQueue;
import io.j8s.scheduler.runtime.Framework;
import java.util.Map;
import java.util.Objects;

/**
 * What the informers tell the scheduler (upstream's {@code eventhandlers.go}): bound pods and
 * nodes go to the cache, pending pods of this scheduler's profiles to the queue, and each change
 * that may make a pod fit becomes a {@link ClusterEvent} for the unschedulable set. Pods of other
 * schedulers are left alone.
 */
final class EventHandlers {
    private final Cache cache;
    private final SchedulingQueue queue;
    private final NominatedPods nominated;
    private final Map<String, Framework> frameworks;

    EventHandlers(Cache cache, SchedulingQueue queue, NominatedPods nominated,
            Map<String, Framework> frameworks) {
        this.cache = cache;
        this.queue = queue;
        this.nominated = nominated;
        this.frameworks = frameworks;
    }

    ResourceEventHandler<Pod> pods() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                podAdded(pod);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                podUpdated(old, pod);
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                podDeleted(pod);
            }
        };
    }

    ResourceEventHandler<Node> nodes() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                cache.addNode(node);
                queue.onEvent(new ClusterEvent(Resource.NODE, Action.ADD));
            }

            @Override
            public void onUpdate(Node old, Node node) {
                cache.updateNode(node);
                Action a = nodeChange(old, node);
                if (a != null) {
                    queue.onEvent(new ClusterEvent(Resource.NODE, a));
                }
            }

            @Override
            public void onDelete(Node node, boolean unknown) {
                cache.removeNode(node);
            }
        };
    }

    void podAdded(Pod pod) {
        if (terminal(pod)) {
            return;
        }
        if (assigned(pod)) {
            cache.addPod(pod);
            queue.onEvent(new ClusterEvent(Resource.ASSIGNED_POD, Action.ADD));
        } else if (responsible(pod) && pod.getMetadata().getDeletionTimestamp() == null) {
            queue.add(pod);
            nominated.update(pod);
        }
    }

    void podUpdated(Pod old, Pod pod) {
        if (assigned(pod)) {
            if (terminal(pod)) {
                podDeleted(pod);
            } else if (!assigned(old)) {
                queue.delete(pod);
                nominated.remove(pod);
                cache.addPod(pod);
                queue.onEvent(new ClusterEvent(Resource.ASSIGNED_POD, Action.ADD));
            } else {
                cache.updatePod(pod);
                if (!Objects.equals(old.getMetadata().getLabels(), pod.getMetadata().getLabels())) {
                    queue.onEvent(new ClusterEvent(Resource.ASSIGNED_POD, Action.UPDATE_POD_LABEL));
                }
            }
        } else if (responsible(pod)) {
            if (pod.getMetadata().getDeletionTimestamp() != null || terminal(pod)) {
                queue.delete(pod);
                nominated.remove(pod);
            } else {
                queue.update(pod);
                nominated.update(pod);
            }
        }
    }

    void podDeleted(Pod pod) {
        if (assigned(pod)) {
            cache.removePod(pod);
            queue.onEvent(new ClusterEvent(Resource.ASSIGNED_POD, Action.DELETE));
        } else {
            queue.delete(pod);
            nominated.remove(pod);
            Framework fw = frameworks.get(pod.getSpec() == null ? null : pod.getSpec().getSchedulerName());
            WaitingPod w = fw == null ? null : fw.waitingPod(pod.getMetadata().getUid());
            if (w != null) {
                w.reject("", "pod deleted");
            }
        }
    }

    private boolean responsible(Pod pod) {
        return pod.getSpec() != null && frameworks.containsKey(pod.getSpec().getSchedulerName());
    }

    private static boolean assigned(Pod pod) {
        return pod.getSpec() != null && pod.getSpec().getNodeName() != null
                && !pod.getSpec().getNodeName().isEmpty();
    }

    private static boolean terminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    /** The part of a Node that changed in a way that may make pods fit, or null. */
    static Action nodeChange(Node old, Node node) {
        if (!Objects.equals(alloc(old), alloc(node))) {
            return Action.UPDATE_NODE_ALLOCATABLE;
        }
        if (!Objects.equals(old.getMetadata().getLabels(), node.getMetadata().getLabels())) {
            return Action.UPDATE_NODE_LABEL;
        }
        if (!Objects.equals(old.getSpec() == null ? null : old.getSpec().getTaints(),
                node.getSpec() == null ? null : node.getSpec().getTaints())
                || !Objects.equals(old.getSpec() == null ? null : old.getSpec().getUnschedulable(),
                        node.getSpec() == null ? null : node.getSpec().getUnschedulable())) {
            return Action.UPDATE_NODE_TAINT;
        }
        if (!Objects.equals(conditions(old), conditions(node))) {
            return Action.UPDATE_NODE_CONDITION;
        }
        return null;
    }

    private static Object alloc(Node n) {
        return n.getStatus() == null ? null : n.getStatus().getAllocatable();
    }

    private static Object conditions(Node n) {
        if (n.getStatus() == null || n.getStatus().getConditions() == null) {
            return null;
        }
        return n.getStatus().getConditions().stream().map(c -> c.getType() + "=" + c.getStatus()).toList();
    }
}
