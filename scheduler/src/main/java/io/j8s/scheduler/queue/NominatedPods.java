package io.j8s.scheduler.queue;

import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.PodInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pods that preemption nominated to a node and that are not bound yet (upstream's
 * {@code nominator}): filters count them on that node for pods of lower priority, so the room
 * made for them is not taken. A pod's nomination comes from its {@code status.nominatedNodeName}
 * or from the scheduler's own PostFilter result, whichever is newer.
 */
public final class NominatedPods {
    private final Map<String, List<PodInfo>> byNode = new HashMap<>();
    private final Map<String, String> nodeOfPod = new HashMap<>();
    private volatile int size;

    /** Nominates the pod to {@code nodeName}; a null or empty name removes its nomination. */
    public synchronized void nominate(Pod pod, String nodeName) {
        remove(pod);
        if (nodeName == null || nodeName.isEmpty()) {
            return;
        }
        String uid = pod.getMetadata().getUid();
        nodeOfPod.put(uid, nodeName);
        byNode.computeIfAbsent(nodeName, n -> new ArrayList<>()).add(PodInfo.of(pod));
        size = nodeOfPod.size();
    }

    /** Follows the pod's own {@code status.nominatedNodeName} (informer updates). */
    public synchronized void update(Pod pod) {
        String fromStatus = pod.getStatus() == null ? null : pod.getStatus().getNominatedNodeName();
        if (fromStatus != null && !fromStatus.isEmpty()) {
            nominate(pod, fromStatus);
        }
    }

    public synchronized void remove(Pod pod) {
        String node = nodeOfPod.remove(pod.getMetadata().getUid());
        if (node != null) {
            List<PodInfo> list = byNode.get(node);
            list.removeIf(p -> p.uid().equals(pod.getMetadata().getUid()));
            if (list.isEmpty()) {
                byNode.remove(node);
            }
        }
        size = nodeOfPod.size();
    }

    /** True when no pod is nominated anywhere (read without locking, for the filters' fast path). */
    public boolean isEmpty() {
        return size == 0;
    }

    public synchronized List<PodInfo> on(String nodeName) {
        return List.copyOf(byNode.getOrDefault(nodeName, List.of()));
    }

    public synchronized String nodeOf(Pod pod) {
        return nodeOfPod.get(pod.getMetadata().getUid());
    }
}
