package io.j8s.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.j8s.componentbase.events.EventRecorder;
import io.j8s.componentbase.workqueue.WorkQueue;
import io.j8s.controllers.Controller;
import io.j8s.controllers.ControllerContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Upstream's node lifecycle controller ({@code node-lifecycle}) with the taint-based eviction
 * of its taint manager. Every 5 s (node-monitor-period) each node is synced: a node whose Lease
 * and Ready heartbeat have not changed for 40 s (node-monitor-grace-period) gets every
 * condition Unknown and its pods' Ready condition False; Ready=False/Unknown give the
 * not-ready/unreachable NoExecute taint (added at 0.1 nodes a second, node-eviction-rate) and
 * NoSchedule taint, a cordoned node the unschedulable one; a node back to Ready loses them.
 * A pod on a NoExecute-tainted node is deleted once its tolerations run out.
 */
public final class NodeLifecycleController implements Controller {
    private static final Logger LOG = Logger.getLogger("io.j8s.controllers.nodelifecycle");
    static final Duration MONITOR_PERIOD = Duration.ofSeconds(5);
    static final Duration GRACE_PERIOD = Duration.ofSeconds(40);
    static final String LEASE_NAMESPACE = "kube-node-lease";
    static final String POD_NODE_INDEX = "nodelifecycle-spec.nodeName";
    static final List<String> CONDITIONS = List.of("Ready", "MemoryPressure", "DiskPressure",
            "PIDPressure");

    private final ControllerContext ctx;
    private final Clock clock;
    private final EventRecorder events;
    private final WorkQueue queue;
    private final TokenBucket tainting = new TokenBucket(0.1, 1);
    private final Map<String, NodeHealth> health = new HashMap<>();
    private final ScheduledExecutorService ticker;

    public NodeLifecycleController(ControllerContext ctx) {
        this.ctx = ctx;
        this.clock = ctx.clock();
        this.events = ctx.events().apply("node-controller");
        this.queue = new WorkQueue("node-lifecycle", this::sync);
        ctx.informers().informer(Node.class).addEventHandler(handler(n -> n.getMetadata()
                .getName()));
        ctx.informers().informer(Lease.class).addEventHandler(handler(l -> LEASE_NAMESPACE
                .equals(l.getMetadata().getNamespace()) ? l.getMetadata().getName() : null));
        var pods = ctx.informers().informer(Pod.class);
        pods.addIndexers(Map.of(POD_NODE_INDEX, p -> p.getSpec().getNodeName() == null
                ? List.of() : List.of(p.getSpec().getNodeName())));
        pods.addEventHandler(handler(p -> p.getSpec().getNodeName()));
        this.ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("node-lifecycle-monitor").factory());
    }

    private <T> ResourceEventHandler<T> handler(java.util.function.Function<T, String> key) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T o) {
                enqueue(key.apply(o));
            }

            @Override
            public void onUpdate(T old, T o) {
                enqueue(key.apply(o));
            }

            @Override
            public void onDelete(T o, boolean unknown) {
                enqueue(key.apply(o));
            }
        };
    }

    private void enqueue(String node) {
        if (node != null && !node.isEmpty()) {
            queue.add(node);
        }
    }

    @Override
    public void start() {
        queue.start();
        ticker.scheduleWithFixedDelay(() -> ctx.informers().list(Node.class)
                .forEach(n -> queue.add(n.getMetadata().getName())), 0,
                MONITOR_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        queue.close();
    }

    /** One node: its health, its taints, the evictions from it. */
    void sync(String name) {
        Node node = ctx.informers().get(Node.class, "", name);
        Instant now = clock.instant();
        if (node == null) {
            health.remove(name);
            return;
        }
        NodeHealth h = health.computeIfAbsent(name, n -> new NodeHealth(now));
        NodeCondition ready = condition(node, "Ready");
        Lease lease = ctx.informers().get(Lease.class, LEASE_NAMESPACE, name);
        h.observe(ready == null ? null : ready.getLastHeartbeatTime(),
                lease == null || lease.getSpec().getRenewTime() == null ? null
                        : lease.getSpec().getRenewTime().toString(), now);
        if (!now.isBefore(h.probe.plus(GRACE_PERIOD))) {
            node = markUnknown(node, now);
        }
        // A node that has never posted a Ready condition is left alone until its grace period
        // is over (then it is Unknown, NodeStatusNeverUpdated), as upstream.
        NodeCondition observed = condition(node, "Ready");
        String readyStatus = observed == null ? null : observed.getStatus();
        if (readyStatus != null && !"True".equals(readyStatus)) {
            markPodsNotReady(node, now);
        }
        node = updateTaints(node, readyStatus, now);
        evict(node, now);
    }

    /** Every condition Unknown, as upstream does when the kubelet stops posting. */
    private Node markUnknown(Node node, Instant now) {
        Node next = new NodeBuilder(node).build();
        List<NodeCondition> conditions = new ArrayList<>(Taints.conditions(next));
        boolean changed = false;
        String at = now.truncatedTo(ChronoUnit.SECONDS).toString();
        if (condition(next, "Ready") == null) {
            conditions.add(new NodeConditionBuilder().withType("Ready").withStatus("Unknown")
                    .withReason("NodeStatusNeverUpdated")
                    .withMessage("Kubelet never posted node status.")
                    .withLastHeartbeatTime(next.getMetadata().getCreationTimestamp())
                    .withLastTransitionTime(at).build());
            changed = true;
        }
        for (int i = 0; i < conditions.size(); i++) {
            NodeCondition c = conditions.get(i);
            if (CONDITIONS.contains(c.getType()) && !"Unknown".equals(c.getStatus())) {
                conditions.set(i, new NodeConditionBuilder(c).withStatus("Unknown")
                        .withReason("NodeStatusUnknown")
                        .withMessage("Kubelet stopped posting node status.")
                        .withLastTransitionTime(at).build());
                changed = true;
            }
        }
        if (!changed) {
            return node;
        }
        if (next.getStatus() == null) {
            next.setStatus(new io.fabric8.kubernetes.api.model.NodeStatus());
        }
        next.getStatus().setConditions(conditions);
        LOG.info("node " + name(node) + " hasn't been updated for "
                + GRACE_PERIOD.toSeconds() + "s: its conditions are Unknown");
        Node updated = ctx.client().nodes().resource(next).updateStatus();
        events.normal(node, "NodeNotReady", "Node " + name(node) + " status is now: NodeNotReady");
        return updated;
    }

    private void markPodsNotReady(Node node, Instant now) {
        String at = now.truncatedTo(ChronoUnit.SECONDS).toString();
        for (Pod pod : podsOn(name(node))) {
            if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
                continue;
            }
            PodCondition readyCond = pod.getStatus().getConditions().stream()
                    .filter(c -> "Ready".equals(c.getType())).findFirst().orElse(null);
            if (readyCond == null || "False".equals(readyCond.getStatus())) {
                continue;
            }
            try {
                ctx.client().pods().inNamespace(pod.getMetadata().getNamespace())
                        .withName(pod.getMetadata().getName()).editStatus(p -> {
                            p.getStatus().getConditions().replaceAll(c -> "Ready".equals(
                                    c.getType()) ? new PodConditionBuilder(c).withStatus("False")
                                            .withLastTransitionTime(at).build() : c);
                            return p;
                        });
                events.warning(pod, "NodeNotReady", "Node is not ready");
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
    }

    private Node updateTaints(Node node, String readyStatus, Instant now) {
        List<Taint> current = Taints.of(node);
        List<Taint> next = new ArrayList<>();
        for (Taint t : current) {
            if (!Taints.managed(t)) {
                next.add(t);
            }
        }
        for (String key : Taints.noScheduleKeys(node)) {
            next.add(keep(current, key, Taints.NO_SCHEDULE, null));
        }
        String noExecute = readyStatus == null ? null : Taints.noExecuteKey(readyStatus);
        if (noExecute != null) {
            boolean hasAny = current.stream().anyMatch(t -> Taints.NO_EXECUTE.equals(
                    t.getEffect()) && Taints.managed(t));
            // A new NoExecute taint waits its turn (node-eviction-rate); swapping not-ready for
            // unreachable on a node already tainted does not.
            if (hasAny || tainting.tryAccept(now)) {
                next.add(keep(current, noExecute, Taints.NO_EXECUTE, now));
            } else {
                queue.addAfter(name(node), tainting.untilNext());
            }
        }
        if (sameTaints(current, next)) {
            return node;
        }
        Node updated = new NodeBuilder(node).editSpec().withTaints(next).endSpec().build();
        LOG.info("node " + name(node) + " taints: " + next.stream()
                .map(t -> t.getKey() + ":" + t.getEffect()).toList());
        return ctx.client().nodes().resource(updated).update();
    }

    private static Taint keep(List<Taint> current, String key, String effect, Instant now) {
        for (Taint t : current) {
            if (key.equals(t.getKey()) && effect.equals(t.getEffect())) {
                return t;
            }
        }
        return new TaintBuilder().withKey(key).withEffect(effect).withTimeAdded(now == null
                ? null : now.truncatedTo(ChronoUnit.SECONDS).toString()).build();
    }

    private static boolean sameTaints(List<Taint> a, List<Taint> b) {
        return a.size() == b.size() && a.containsAll(b);
    }

    private void evict(Node node, Instant now) {
        List<Taint> noExecute = Taints.of(node).stream()
                .filter(t -> Taints.NO_EXECUTE.equals(t.getEffect())).toList();
        if (noExecute.isEmpty()) {
            return;
        }
        Instant next = null;
        for (Pod pod : podsOn(name(node))) {
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            Instant due = Eviction.due(pod, noExecute, now);
            if (due == null) {
                continue;
            }
            if (!due.isAfter(now)) {
                delete(pod);
            } else if (next == null || due.isBefore(next)) {
                next = due;
            }
        }
        if (next != null) {
            queue.addAfter(name(node), Duration.between(now, next));
        }
    }

    private void delete(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        events.normal(pod, "TaintManagerEviction", "Marking for deletion Pod " + ns + "/" + name);
        try {
            ctx.client().pods().inNamespace(ns).withName(name).editStatus(p -> {
                List<PodCondition> conditions = p.getStatus().getConditions() == null
                        ? new ArrayList<>() : new ArrayList<>(p.getStatus().getConditions());
                conditions.removeIf(c -> "DisruptionTarget".equals(c.getType()));
                conditions.add(new PodConditionBuilder().withType("DisruptionTarget")
                        .withStatus("True").withReason("DeletionByTaintManager")
                        .withMessage("Taint manager: deleting due to NoExecute taint")
                        .withLastTransitionTime(clock.instant().truncatedTo(ChronoUnit.SECONDS)
                                .toString()).build());
                p.getStatus().setConditions(conditions);
                return p;
            });
            ctx.client().pods().inNamespace(ns).withName(name).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    private List<Pod> podsOn(String node) {
        return ctx.informers().informer(Pod.class).getIndexer().byIndex(POD_NODE_INDEX, node);
    }

    private static NodeCondition condition(Node node, String type) {
        for (NodeCondition c : Taints.conditions(node)) {
            if (type.equals(c.getType())) {
                return c;
            }
        }
        return null;
    }

    private static String name(Node node) {
        return node.getMetadata().getName();
    }
}
