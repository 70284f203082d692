package io.j8s.scheduler.plugins.fake;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.FilterPlugin;
import io.j8s.scheduler.framework.FrameworkHandle;
import io.j8s.scheduler.framework.Listers;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.PodInfo;
import io.j8s.scheduler.framework.PreFilterPlugin;
import io.j8s.scheduler.framework.PreFilterResult;
import io.j8s.scheduler.framework.Snapshot;
import io.j8s.scheduler.framework.Status;
import io.j8s.scheduler.framework.WaitingPod;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A FrameworkHandle over NodeInfos built from Nodes and Pods (a pod counts on the node its
 * {@code spec.nodeName} names), with namespaces and PDBs as listers, and a tiny framework run:
 * the PreFilter and Filter plugins given to {@link #plugins} in order, as the runtime would.
 */
public final class FakeHandle implements FrameworkHandle, Snapshot, Listers {
    private final Map<String, NodeInfo> nodes = new LinkedHashMap<>();
    private final List<Namespace> namespaces = new ArrayList<>();
    private final List<PodDisruptionBudget> pdbs = new ArrayList<>();
    private final Map<String, List<PodInfo>> nominated = new HashMap<>();
    private final List<PreFilterPlugin> preFilters = new ArrayList<>();
    private final List<FilterPlugin> filters = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private KubernetesClient client;

    public static FakeHandle of(List<Node> nodeList, List<Pod> pods) {
        FakeHandle h = new FakeHandle();
        nodeList.forEach(n -> h.nodes.put(n.getMetadata().getName(), new NodeInfo(n)));
        pods.forEach(h::place);
        return h;
    }

    /** Counts {@code pod} on the node its spec names. */
    public void place(Pod pod) {
        nodes.get(pod.getSpec().getNodeName()).addPod(PodInfo.of(pod));
    }

    public FakeHandle plugins(PreFilterPlugin... preFilter) {
        preFilters.addAll(List.of(preFilter));
        return this;
    }

    public FakeHandle filters(FilterPlugin... filter) {
        filters.addAll(List.of(filter));
        return this;
    }

    public FakeHandle namespace(Namespace ns) {
        namespaces.add(ns);
        return this;
    }

    public FakeHandle pdb(PodDisruptionBudget pdb) {
        pdbs.add(pdb);
        return this;
    }

    public FakeHandle client(KubernetesClient c) {
        this.client = c;
        return this;
    }

    /** The events recorded: "podName type reason message". */
    public List<String> events() {
        return events;
    }

    public void nominate(String node, Pod pod) {
        nominated.computeIfAbsent(node, k -> new ArrayList<>()).add(PodInfo.of(pod));
    }

    /** PreFilter then Filter on every node: the status per node (success included). */
    public Map<String, Status> filterAll(CycleState state, Pod pod) {
        Map<String, Status> out = new LinkedHashMap<>();
        List<FilterPlugin> run = new ArrayList<>(filters);
        for (PreFilterPlugin p : preFilters) {
            PreFilterResult r = p.preFilter(state, pod, nodes());
            if (r.status().isSkip()) {
                run.remove(p);
            } else if (!r.status().isSuccess()) {
                nodes.keySet().forEach(n -> out.put(n, r.status()));
                return out;
            }
        }
        for (NodeInfo n : nodes.values()) {
            out.put(n.name(), runFilters(run, state, pod, n));
        }
        return out;
    }

    private static Status runFilters(List<FilterPlugin> run, CycleState state, Pod pod, NodeInfo n) {
        for (FilterPlugin f : run) {
            Status s = f.filter(state, pod, n);
            if (!s.isSuccess()) {
                return s.withPlugin(f.name());
            }
        }
        return Status.success();
    }

    @Override
    public KubernetesClient client() {
        return client;
    }

    @Override
    public Snapshot snapshot() {
        return this;
    }

    @Override
    public Listers listers() {
        return this;
    }

    @Override
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Override
    public String schedulerName() {
        return "default-scheduler";
    }

    @Override
    public int parallelism() {
        return 1;
    }

    @Override
    public List<PodInfo> nominatedPods(String nodeName) {
        return nominated.getOrDefault(nodeName, List.of());
    }

    @Override
    public Status runFilterPluginsWithNominatedPods(CycleState state, Pod pod, NodeInfo node) {
        NodeInfo withNominated = node.copy();
        CycleState s = state.copy();
        for (PodInfo p : nominatedPods(node.name())) {
            if (PodInfo.priority(p.pod()) >= PodInfo.priority(pod)
                    && !p.uid().equals(pod.getMetadata().getUid())) {
                withNominated.addPod(p);
                runPreFilterExtensionAddPod(s, pod, p, withNominated);
            }
        }
        return runFilters(filters, s, pod, withNominated);
    }

    @Override
    public Status runPreFilterExtensionAddPod(CycleState state, Pod podToSchedule, PodInfo podToAdd,
            NodeInfo node) {
        for (PreFilterPlugin p : preFilters) {
            if (p.preFilterExtensions() != null) {
                p.preFilterExtensions().addPod(state, podToSchedule, podToAdd, node);
            }
        }
        return Status.success();
    }

    @Override
    public Status runPreFilterExtensionRemovePod(CycleState state, Pod podToSchedule,
            PodInfo podToRemove, NodeInfo node) {
        for (PreFilterPlugin p : preFilters) {
            if (p.preFilterExtensions() != null) {
                p.preFilterExtensions().removePod(state, podToSchedule, podToRemove, node);
            }
        }
        return Status.success();
    }

    @Override
    public WaitingPod waitingPod(String uid) {
        return null;
    }

    @Override
    public void event(Pod pod, String type, String reason, String message) {
        events.add(pod.getMetadata().getName() + " " + type + " " + reason + " " + message);
    }

    @Override
    public List<NodeInfo> nodes() {
        return new ArrayList<>(nodes.values());
    }

    @Override
    public NodeInfo get(String nodeName) {
        return nodes.get(nodeName);
    }

    @Override
    public List<NodeInfo> havePodsWithAffinity() {
        return nodes.values().stream().filter(n -> !n.podsWithAffinity().isEmpty()).toList();
    }

    @Override
    public List<NodeInfo> havePodsWithRequiredAntiAffinity() {
        return nodes.values().stream().filter(n -> !n.podsWithRequiredAntiAffinity().isEmpty())
                .toList();
    }

    @Override
    public List<Pod> pods() {
        return nodes.values().stream().flatMap(n -> n.pods().stream()).map(PodInfo::pod).toList();
    }

    @Override
    public List<Namespace> namespaces() {
        return namespaces;
    }

    @Override
    public Namespace namespace(String name) {
        return namespaces.stream().filter(n -> n.getMetadata().getName().equals(name)).findFirst()
                .orElse(null);
    }

    @Override
    public List<PodDisruptionBudget> podDisruptionBudgets() {
        return pdbs;
    }
}
