package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One node as a scheduling cycle sees it (upstream's {@code framework.NodeInfo}): the Node, the
 * pods counted on it (bound, and assumed ones not yet bound), what they request, the host ports
 * they hold, and the pods among them with (anti-)affinity terms. Plugins only read it; the cache
 * and preemption's what-if copies change it through {@link #addPod}/{@link #removePod}.
 */
public final class NodeInfo {
    private Node node;
    private final List<PodInfo> pods = new ArrayList<>();
    private final List<PodInfo> podsWithAffinity = new ArrayList<>();
    private final List<PodInfo> podsWithRequiredAntiAffinity = new ArrayList<>();
    private final Resources requested = new Resources();
    private final Resources nonZeroRequested = new Resources();
    private Resources allocatable = new Resources();
    /** Host ports in use: "protocol/hostIP/port" (hostIP "0.0.0.0" when unset). */
    private final Map<String, Integer> usedPorts = new HashMap<>();
    /** Images on the node, name to size in bytes, from {@code status.images}. */
    private Map<String, Long> images = Map.of();
    private long generation;

    public NodeInfo(Node node) {
        setNode(node);
    }

    public Node node() {
        return node;
    }

    public String name() {
        return node.getMetadata().getName();
    }

    public void setNode(Node node) {
        this.node = node;
        this.allocatable = node == null || node.getStatus() == null ? new Resources()
                : Resources.of(node.getStatus().getAllocatable());
        Map<String, Long> imgs = new HashMap<>();
        if (node != null && node.getStatus() != null && node.getStatus().getImages() != null) {
            node.getStatus().getImages().forEach(i -> {
                long size = i.getSizeBytes() == null ? 0 : i.getSizeBytes();
                if (i.getNames() != null) {
                    i.getNames().forEach(n -> imgs.put(n, size));
                }
            });
        }
        this.images = imgs;
        generation++;
    }

    public List<PodInfo> pods() {
        return Collections.unmodifiableList(pods);
    }

    public List<PodInfo> podsWithAffinity() {
        return Collections.unmodifiableList(podsWithAffinity);
    }

    public List<PodInfo> podsWithRequiredAntiAffinity() {
        return Collections.unmodifiableList(podsWithRequiredAntiAffinity);
    }

    /** The sum of the requests of the pods on the node; {@code pods} is their number. */
    public Resources requested() {
        return requested;
    }

    /** As {@link #requested()}, counting default CPU and memory for pods that ask for none. */
    public Resources nonZeroRequested() {
        return nonZeroRequested;
    }

    public Resources allocatable() {
        return allocatable;
    }

    public Map<String, Integer> usedPorts() {
        return Collections.unmodifiableMap(usedPorts);
    }

    /** Images present on the node, each name mapped to its size in bytes. */
    public Map<String, Long> images() {
        return images;
    }

    /** Changes on every add, remove or node update; snapshots copy only what changed. */
    public long generation() {
        return generation;
    }

    public void addPod(PodInfo pod) {
        pods.add(pod);
        if (hasAffinity(pod.pod())) {
            podsWithAffinity.add(pod);
        }
        if (hasRequiredAntiAffinity(pod.pod())) {
            podsWithRequiredAntiAffinity.add(pod);
        }
        requested.add(pod.requests());
        requested.pods++;
        nonZeroRequested.add(pod.nonZeroRequests());
        nonZeroRequested.pods++;
        for (String port : hostPorts(pod.pod())) {
            usedPorts.merge(port, 1, Integer::sum);
        }
        generation++;
    }

    /** Removes the pod with the same uid; false when it is not on this node. */
    public boolean removePod(Pod pod) {
        String uid = pod.getMetadata().getUid();
        for (int i = 0; i < pods.size(); i++) {
            PodInfo p = pods.get(i);
            if (p.uid().equals(uid)) {
                pods.remove(i);
                podsWithAffinity.removeIf(x -> x.uid().equals(uid));
                podsWithRequiredAntiAffinity.removeIf(x -> x.uid().equals(uid));
                requested.subtract(p.requests());
                requested.pods--;
                nonZeroRequested.subtract(p.nonZeroRequests());
                nonZeroRequested.pods--;
                for (String port : hostPorts(p.pod())) {
                    usedPorts.computeIfPresent(port, (k, n) -> n <= 1 ? null : n - 1);
                }
                generation++;
                return true;
            }
        }
        return false;
    }

    /** A deep enough copy for a snapshot or a preemption what-if: pods are shared, lists not. */
    public NodeInfo copy() {
        NodeInfo c = new NodeInfo(node);
        c.pods.addAll(pods);
        c.podsWithAffinity.addAll(podsWithAffinity);
        c.podsWithRequiredAntiAffinity.addAll(podsWithRequiredAntiAffinity);
        c.requested.add(requested);
        c.nonZeroRequested.add(nonZeroRequested);
        c.usedPorts.putAll(usedPorts);
        c.generation = generation;
        return c;
    }

    /** The host ports a pod asks for, as "protocol/hostIP/port". */
    public static List<String> hostPorts(Pod pod) {
        List<String> out = new ArrayList<>();
        if (pod.getSpec() == null) {
            return out;
        }
        List<Container> all = new ArrayList<>();
        if (pod.getSpec().getContainers() != null) {
            all.addAll(pod.getSpec().getContainers());
        }
        for (Container c : all) {
            if (c.getPorts() == null) {
                continue;
            }
            for (ContainerPort p : c.getPorts()) {
                if (p.getHostPort() != null && p.getHostPort() > 0) {
                    String ip = p.getHostIP() == null || p.getHostIP().isEmpty() ? "0.0.0.0" : p.getHostIP();
                    String proto = p.getProtocol() == null ? "TCP" : p.getProtocol();
                    out.add(proto + "/" + ip + "/" + p.getHostPort());
                }
            }
        }
        return out;
    }

    private static boolean hasAffinity(Pod pod) {
        var a = pod.getSpec() == null ? null : pod.getSpec().getAffinity();
        return a != null && (a.getPodAffinity() != null || a.getPodAntiAffinity() != null);
    }

    private static boolean hasRequiredAntiAffinity(Pod pod) {
        var a = pod.getSpec() == null ? null : pod.getSpec().getAffinity();
        return a != null && a.getPodAntiAffinity() != null
                && a.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() != null
                && !a.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().isEmpty();
    }

    @Override
    public String toString() {
        return "NodeInfo[" + (node == null ? "?" : name()) + ", " + pods.size() + " pods, requested "
                + requested + "]";
    }
}
