package io.j8s.scheduler.cache;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.PodInfo;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Nodes and the pods counted on them. Bound pods come from the informer; a pod the scheduler
 * {@link #assume assumes} is counted on its node at once, before its binding returns, and stays
 * counted until the informer shows it bound ({@link #addPod}) or the binding fails
 * ({@link #forget}). Thread-safe: informer threads write, the scheduling thread snapshots.
 */
public final class Cache {
    private record PodState(Pod pod, String node, boolean assumed) {}

    private final Map<String, NodeInfo> nodes = new HashMap<>();
    private final Map<String, PodState> pods = new HashMap<>();
    /** Nodes changed since the last snapshot; {@link #nodeSetChanged} when one came or went. */
    private final Set<String> dirty = new LinkedHashSet<>();
    private boolean nodeSetChanged = true;

    public synchronized void addNode(Node node) {
        String name = node.getMetadata().getName();
        NodeInfo info = nodes.get(name);
        if (info == null) {
            nodes.put(name, new NodeInfo(node));
            nodeSetChanged = true;
        } else {
            if (info.node() == null) {
                nodeSetChanged = true;
            }
            info.setNode(node);
        }
        dirty.add(name);
    }

    public synchronized void updateNode(Node node) {
        addNode(node);
    }

    /** Removes the node; pods still counted on it keep a node-less entry until they go. */
    public synchronized void removeNode(Node node) {
        String name = node.getMetadata().getName();
        NodeInfo info = nodes.get(name);
        if (info == null) {
            return;
        }
        if (info.pods().isEmpty()) {
            nodes.remove(name);
        } else {
            info.setNode(null);
        }
        nodeSetChanged = true;
        dirty.add(name);
    }

    /** Counts {@code pod} (with its node name set) on its node before it is bound. */
    public synchronized void assume(Pod pod) {
        String uid = pod.getMetadata().getUid();
        if (pods.containsKey(uid)) {
            throw new IllegalStateException("pod " + key(pod) + " is already in the cache");
        }
        add(pod, true);
    }

    /** Undoes {@link #assume} after a failed binding. */
    public synchronized void forget(Pod pod) {
        PodState s = pods.get(pod.getMetadata().getUid());
        if (s != null && s.assumed()) {
            remove(s);
        }
    }

    public synchronized boolean isAssumed(Pod pod) {
        PodState s = pods.get(pod.getMetadata().getUid());
        return s != null && s.assumed();
    }

    /** A bound pod seen by the informer; confirms it when it was assumed. */
    public synchronized void addPod(Pod pod) {
        PodState s = pods.get(pod.getMetadata().getUid());
        if (s != null) {
            remove(s);
        }
        add(pod, false);
    }

    public synchronized void updatePod(Pod pod) {
        addPod(pod);
    }

    public synchronized void removePod(Pod pod) {
        PodState s = pods.get(pod.getMetadata().getUid());
        if (s != null) {
            remove(s);
        }
    }

    public synchronized int nodeCount() {
        return (int) nodes.values().stream().filter(n -> n.node() != null).count();
    }

    /** The number of pods counted (bound and assumed). */
    public synchronized int podCount() {
        return pods.size();
    }

    /**
     * Brings {@code snapshot} up to date, copying only the nodes changed since its last update
     * (upstream's {@code UpdateSnapshot}): with 5,000 nodes a cycle copies the one or two that
     * the last pods landed on.
     */
    public synchronized void updateSnapshot(NodeSnapshot snapshot) {
        Map<String, NodeInfo> changed = new HashMap<>();
        for (String name : dirty) {
            NodeInfo info = nodes.get(name);
            changed.put(name, info == null || info.node() == null ? null : info.copy());
        }
        snapshot.apply(changed, nodeSetChanged);
        dirty.clear();
        nodeSetChanged = false;
    }

    private void add(Pod pod, boolean assumed) {
        String node = pod.getSpec().getNodeName();
        NodeInfo info = nodes.computeIfAbsent(node, n -> new NodeInfo(null));
        info.addPod(PodInfo.of(pod));
        pods.put(pod.getMetadata().getUid(), new PodState(pod, node, assumed));
        dirty.add(node);
    }

    private void remove(PodState s) {
        pods.remove(s.pod().getMetadata().getUid());
        NodeInfo info = nodes.get(s.node());
        if (info != null) {
            info.removePod(s.pod());
            if (info.node() == null && info.pods().isEmpty()) {
                nodes.remove(s.node());
            }
            dirty.add(s.node());
        }
    }

    private static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }
}
