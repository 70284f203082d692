package io.j8s.controllers.daemonset;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.j8s.componentbase.events.EventRecorder;
import io.j8s.componentbase.informers.SharedInformers;
import io.j8s.componentbase.workqueue.WorkQueue;
import io.j8s.controllers.Controller;
import io.j8s.controllers.ControllerContext;
import io.j8s.controllers.history.LabelSelectors;
import io.j8s.controllers.history.PodOwnership;
import io.j8s.controllers.history.PodReadiness;
import io.j8s.controllers.history.Revisions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Upstream's DaemonSet controller: for each set key it makes sure the template's revision
 * exists, creates a pod for every eligible node that has none and deletes pods on nodes that may
 * no longer run them (or that are gone), then, with RollingUpdate, replaces old pods within
 * maxUnavailable or surges new ones within maxSurge, and writes the status numbers.
 */
public final class DaemonSetController implements Controller {
    static final String COMPONENT = "daemonset-controller";
    private final KubernetesClient client;
    private final SharedInformers informers;
    private final EventRecorder events;
    private final Clock clock;
    private final Revisions revisions;
    private final Expectations expectations;
    private final FailedPodBackoff failedPods;
    private final WorkQueue queue;

    public DaemonSetController(ControllerContext ctx) {
        this.client = ctx.client();
        this.informers = ctx.informers();
        this.events = ctx.events().apply(COMPONENT);
        this.clock = ctx.clock();
        this.revisions = new Revisions(client);
        this.expectations = new Expectations(clock);
        this.failedPods = new FailedPodBackoff(clock);
        this.queue = new WorkQueue("daemonset", this::sync);
        informers.informer(DaemonSet.class).addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(DaemonSet ds) {
                enqueue(ds);
            }

            @Override
            public void onUpdate(DaemonSet old, DaemonSet ds) {
                enqueue(ds);
            }

            @Override
            public void onDelete(DaemonSet ds, boolean unknown) {
                expectations.forget(key(ds));
            }
        });
        informers.informer(Pod.class).addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                String key = owner(pod);
                if (key != null) {
                    expectations.creationObserved(key);
                    queue.add(key);
                } else if (PodOwnership.controllerOf(pod) == null) {
                    for (DaemonSet ds : informers.list(DaemonSet.class,
                            pod.getMetadata().getNamespace())) {
                        if (LabelSelectors.matches(ds.getSpec().getSelector(),
                                pod.getMetadata().getLabels())) {
                            enqueue(ds); // an orphan it may adopt
                        }
                    }
                }
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                String key = owner(pod);
                if (key != null) {
                    if (pod.getMetadata().getDeletionTimestamp() != null) {
                        expectations.deletionObserved(key, pod.getMetadata().getName());
                    }
                    queue.add(key);
                }
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                String key = owner(pod);
                if (key != null) {
                    expectations.deletionObserved(key, pod.getMetadata().getName());
                    queue.add(key);
                }
            }
        });
        informers.informer(Node.class).addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                enqueueAll();
            }

            @Override
            public void onUpdate(Node old, Node node) {
                if (!Objects.equals(old.getMetadata().getLabels(), node.getMetadata().getLabels())
                        || !Objects.equals(old.getSpec(), node.getSpec())) {
                    enqueueAll();
                }
            }

            @Override
            public void onDelete(Node node, boolean unknown) {
                enqueueAll();
            }
        });
        informers.informer(ControllerRevision.class);
    }

    private static String key(HasMetadata o) {
        return o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
    }

    private void enqueue(DaemonSet ds) {
        queue.add(key(ds));
    }

    private void enqueueAll() {
        informers.list(DaemonSet.class).forEach(this::enqueue);
    }

    private static String owner(Pod pod) {
        for (OwnerReference r : pod.getMetadata().getOwnerReferences()) {
            if (Boolean.TRUE.equals(r.getController()) && "DaemonSet".equals(r.getKind())) {
                return pod.getMetadata().getNamespace() + "/" + r.getName();
            }
        }
        return null;
    }

    @Override
    public void start() {
        queue.start();
        enqueueAll();
    }

    @Override
    public void close() {
        queue.close();
    }

    /** Reconciles the DaemonSet {@code namespace/name}. */
    void sync(String key) {
        String[] parts = key.split("/", 2);
        DaemonSet ds = informers.get(DaemonSet.class, parts[0], parts[1]);
        if (ds == null) {
            expectations.forget(key);
            return;
        }
        if (ds.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        List<Node> nodes = informers.list(Node.class);
        List<Pod> pods = PodOwnership.claim(client, ds, informers.list(Pod.class, parts[0]),
                pod -> LabelSelectors.matches(ds.getSpec().getSelector(),
                        pod.getMetadata().getLabels()));
        int collisions = ds.getStatus() == null || ds.getStatus().getCollisionCount() == null
                ? 0 : ds.getStatus().getCollisionCount();
        List<ControllerRevision> owned = Revisions.owned(
                informers.list(ControllerRevision.class, parts[0]), ds);
        ControllerRevision current = currentRevision(ds, owned, collisions);
        String hash = current.getMetadata().getLabels().get(Revisions.HASH_LABEL);
        if (!owned.contains(current)) {
            owned.add(current);
        }
        collisions = Math.max(collisions, collisionsOf(ds, current));
        Map<String, List<Pod>> byNode = new HashMap<>();
        List<Pod> nowhere = new ArrayList<>();
        for (Pod pod : pods) {
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            String node = DaemonPods.nodeOf(pod);
            if (node == null) {
                nowhere.add(pod);
            } else {
                byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(pod);
            }
        }
        byNode.values().forEach(l -> l.sort(OLDEST_FIRST));
        if (expectations.satisfied(key)) {
            boolean acted = manage(key, ds, nodes, byNode, nowhere, hash);
            if (!acted && "RollingUpdate".equals(strategy(ds))) {
                rollingUpdate(key, ds, nodes, byNode, hash);
            }
        }
        Duration requeue = writeStatus(ds, nodes, byNode, hash, collisions);
        Set<String> live = new HashSet<>();
        live.add(current.getMetadata().getName());
        for (Pod pod : pods) {
            String h = pod.getMetadata().getLabels() == null ? null
                    : pod.getMetadata().getLabels().get(Revisions.HASH_LABEL);
            if (h != null) {
                live.add(Revisions.name(ds.getMetadata().getName(), h));
            }
        }
        revisions.truncate(owned, live, ds.getSpec().getRevisionHistoryLimit() == null ? 10
                : ds.getSpec().getRevisionHistoryLimit());
        if (requeue != null) {
            queue.addAfter(key, requeue);
        }
    }

    private static final Comparator<Pod> OLDEST_FIRST = Comparator.comparing(
            (Pod p) -> p.getMetadata().getCreationTimestamp() == null ? ""
                    : p.getMetadata().getCreationTimestamp())
            .thenComparing(p -> p.getMetadata().getName());

    /** The revision of the set's template, made (or renumbered to be the newest) if needed. */
    private ControllerRevision currentRevision(DaemonSet ds, List<ControllerRevision> owned,
            int collisions) {
        JsonNode data = revisions.templatePatch(ds.getSpec().getTemplate());
        JsonNode template = client.getKubernetesSerialization()
                .convertValue(ds.getSpec().getTemplate(), JsonNode.class);
        long max = owned.isEmpty() ? 0 : Revisions.number(owned.getLast());
        for (ControllerRevision r : owned) {
            if (revisions.holds(r, data)) {
                return Revisions.number(r) < max ? revisions.renumber(r, max + 1) : r;
            }
        }
        Map<String, String> labels = ds.getSpec().getTemplate().getMetadata() == null ? null
                : ds.getSpec().getTemplate().getMetadata().getLabels();
        return revisions.create(ds, data, labels, Revisions.HASH_LABEL, max + 1, collisions,
                n -> Revisions.hash(template, n)).revision();
    }

    /** The collision count that names {@code r} (upstream keeps it in the status). */
    private int collisionsOf(DaemonSet ds, ControllerRevision r) {
        JsonNode template = client.getKubernetesSerialization()
                .convertValue(ds.getSpec().getTemplate(), JsonNode.class);
        String hash = r.getMetadata().getLabels().get(Revisions.HASH_LABEL);
        for (int n = 0; n < 16; n++) {
            if (Revisions.hash(template, n).equals(hash)) {
                return n;
            }
        }
        return 0;
    }

    static String strategy(DaemonSet ds) {
        return ds.getSpec().getUpdateStrategy() == null
                || ds.getSpec().getUpdateStrategy().getType() == null ? "RollingUpdate"
                        : ds.getSpec().getUpdateStrategy().getType();
    }

    /**
     * Creates a pod on each node that should run one and has none; deletes failed pods, extra
     * pods (the oldest stays; with surge the oldest old and the oldest new stay), pods on nodes
     * that may not keep them and pods whose node is gone. True if it did anything.
     */
    private boolean manage(String key, DaemonSet ds, List<Node> nodes,
            Map<String, List<Pod>> byNode, List<Pod> nowhere, String hash) {
        List<String> createOn = new ArrayList<>();
        List<Pod> delete = new ArrayList<>(nowhere);
        boolean surge = surge(ds, nodes.size()) > 0;
        Set<String> names = new HashSet<>();
        for (Node node : nodes) {
            String name = node.getMetadata().getName();
            names.add(name);
            NodeEligibility.Verdict v = NodeEligibility.check(node,
                    ds.getSpec().getTemplate().getSpec());
            List<Pod> onNode = byNode.getOrDefault(name, List.of());
            if (!v.shouldContinueRunning()) {
                delete.addAll(onNode);
                continue;
            }
            List<Pod> running = new ArrayList<>();
            boolean waiting = false;
            for (Pod p : onNode) {
                if (p.getStatus() == null || !"Failed".equals(p.getStatus().getPhase())) {
                    running.add(p);
                    continue;
                }
                String backoffKey = key + "/" + name;
                Duration wait = failedPods.remaining(backoffKey);
                if (wait != null) {
                    queue.addAfter(key, wait);
                    waiting = true;
                    continue;
                }
                failedPods.next(backoffKey);
                events.warning(ds, "FailedDaemonPod", "Found failed daemon pod "
                        + p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()
                        + " on node " + name + ", will try to kill it");
                delete.add(p);
            }
            if (waiting) {
                continue;
            }
            if (running.isEmpty()) {
                if (v.shouldRun()) {
                    createOn.add(name);
                }
            } else if (running.size() > 1) {
                Pod oldestNew = running.stream().filter(p -> DaemonPods.updated(p, hash))
                        .findFirst().orElse(null);
                Pod oldestOld = running.stream().filter(p -> !DaemonPods.updated(p, hash))
                        .findFirst().orElse(null);
                for (Pod p : running) {
                    boolean keep = surge ? p == oldestNew || p == oldestOld : p == running.get(0);
                    if (!keep) {
                        delete.add(p);
                    }
                }
            }
        }
        byNode.forEach((node, onNode) -> {
            if (!names.contains(node)) {
                delete.addAll(onNode); // its node is gone
            }
        });
        return syncNodes(key, ds, delete, createOn, hash);
    }

    /** Upstream's rolling update, with maxSurge or with maxUnavailable. */
    private void rollingUpdate(String key, DaemonSet ds, List<Node> nodes,
            Map<String, List<Pod>> byNode, String hash) {
        int desired = 0;
        for (Node node : nodes) {
            if (NodeEligibility.check(node, ds.getSpec().getTemplate().getSpec()).shouldRun()) {
                desired++;
            }
        }
        int maxSurge = surge(ds, desired);
        int maxUnavailable = scaled(rolling(ds) == null ? null
                : rolling(ds).getMaxUnavailable(), desired, 1);
        if (maxSurge == 0 && maxUnavailable == 0) {
            maxUnavailable = 1;
        }
        int minReady = ds.getSpec().getMinReadySeconds() == null ? 0
                : ds.getSpec().getMinReadySeconds();
        Instant now = clock.instant();
        List<Pod> delete = new ArrayList<>();
        List<String> createOn = new ArrayList<>();
        List<Pod> replaceable = new ArrayList<>();
        List<Pod> candidates = new ArrayList<>();
        List<String> surgeAllowed = new ArrayList<>();
        List<String> surgeCandidates = new ArrayList<>();
        int unavailable = 0;
        int surged = 0;
        for (Map.Entry<String, List<Pod>> e : byNode.entrySet()) {
            Pod newPod = null;
            Pod oldPod = null;
            boolean clean = true;
            for (Pod p : e.getValue()) {
                if (DaemonPods.updated(p, hash)) {
                    clean &= newPod == null;
                    newPod = p;
                } else {
                    clean &= oldPod == null;
                    oldPod = p;
                }
            }
            if (!clean) {
                continue; // the manage step cleans this node up first
            }
            if (maxSurge == 0) {
                if ((oldPod == null) == (newPod == null)) {
                    unavailable++;
                } else if (newPod != null) {
                    if (!PodReadiness.available(newPod, minReady, now)) {
                        unavailable++;
                    }
                } else if (!PodReadiness.available(oldPod, minReady, now)) {
                    replaceable.add(oldPod);
                } else {
                    candidates.add(oldPod);
                }
            } else if (oldPod != null && newPod == null) {
                if (!PodReadiness.available(oldPod, minReady, now)) {
                    surgeAllowed.add(e.getKey());
                } else {
                    surgeCandidates.add(e.getKey());
                }
            } else if (oldPod != null) {
                if (PodReadiness.available(newPod, minReady, now)) {
                    delete.add(oldPod);
                } else {
                    surged++;
                }
            }
        }
        if (maxSurge == 0) {
            int room = Math.min(Math.max(maxUnavailable - unavailable, 0), candidates.size());
            delete.addAll(replaceable);
            delete.addAll(candidates.subList(0, room));
        } else {
            int room = Math.min(Math.max(maxSurge - surged, 0), surgeCandidates.size());
            createOn.addAll(surgeAllowed);
            createOn.addAll(surgeCandidates.subList(0, room));
        }
        syncNodes(key, ds, delete, createOn, hash);
    }

    private static io.fabric8.kubernetes.api.model.apps.RollingUpdateDaemonSet rolling(
            DaemonSet ds) {
        return ds.getSpec().getUpdateStrategy() == null ? null
                : ds.getSpec().getUpdateStrategy().getRollingUpdate();
    }

    private static int surge(DaemonSet ds, int desired) {
        if (!"RollingUpdate".equals(strategy(ds)) || rolling(ds) == null) {
            return 0;
        }
        return scaled(rolling(ds).getMaxSurge(), desired, 0);
    }

    /** An int-or-percent against {@code total}, percentages rounded up as upstream. */
    static int scaled(IntOrString v, int total, int unset) {
        if (v == null) {
            return unset;
        }
        if (v.getIntVal() != null) {
            return v.getIntVal();
        }
        String s = v.getStrVal();
        if (s != null && s.endsWith("%")) {
            int pct = Integer.parseInt(s.substring(0, s.length() - 1));
            return (int) Math.ceil(total * pct / 100.0);
        }
        return s == null ? unset : Integer.parseInt(s);
    }

    /** Deletes and creates through the API, expecting to see each through the informer. */
    private boolean syncNodes(String key, DaemonSet ds, List<Pod> delete, List<String> createOn,
            String hash) {
        if (delete.isEmpty() && createOn.isEmpty()) {
            return false;
        }
        Set<String> deleting = new HashSet<>();
        delete.forEach(p -> deleting.add(p.getMetadata().getName()));
        expectations.expect(key, createOn.size(), deleting);
        String ns = ds.getMetadata().getNamespace();
        KubernetesClientException failure = null;
        for (int i = 0; i < createOn.size(); i++) {
            try {
                Pod created = client.pods().inNamespace(ns)
                        .resource(DaemonPods.newPod(ds, createOn.get(i), hash)).create();
                events.normal(ds, "SuccessfulCreate", "Created pod: "
                        + created.getMetadata().getName());
            } catch (KubernetesClientException e) {
                // as upstream's slow start: a failing creation (a quota, an admission) stops
                // the rest, which the back-off of the retry will try again
                for (int skipped = i; skipped < createOn.size(); skipped++) {
                    expectations.creationObserved(key);
                }
                events.warning(ds, "FailedCreate", "Error creating: " + e.getMessage());
                failure = e;
                break;
            }
        }
        for (Pod pod : delete) {
            String name = pod.getMetadata().getName();
            try {
                client.pods().inNamespace(ns).withName(name).delete();
                events.normal(ds, "SuccessfulDelete", "Deleted pod: " + name);
            } catch (KubernetesClientException e) {
                expectations.deletionObserved(key, name);
                events.warning(ds, "FailedDelete", "Error deleting: " + e.getMessage());
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return true;
    }

    /** Writes the status numbers; returns when a ready pod becomes available, if one will. */
    private Duration writeStatus(DaemonSet ds, List<Node> nodes, Map<String, List<Pod>> byNode,
            String hash, int collisions) {
        int desired = 0;
        int current = 0;
        int misscheduled = 0;
        int ready = 0;
        int available = 0;
        int updated = 0;
        Duration requeue = null;
        int minReady = ds.getSpec().getMinReadySeconds() == null ? 0
                : ds.getSpec().getMinReadySeconds();
        Instant now = clock.instant();
        for (Node node : nodes) {
            List<Pod> onNode = byNode.getOrDefault(node.getMetadata().getName(), List.of());
            boolean scheduled = !onNode.isEmpty();
            if (NodeEligibility.check(node, ds.getSpec().getTemplate().getSpec()).shouldRun()) {
                desired++;
                if (!scheduled) {
                    continue;
                }
                current++;
                Pod pod = onNode.getFirst();
                if (PodReadiness.ready(pod)) {
                    ready++;
                    Duration left = PodReadiness.untilAvailable(pod, minReady, now);
                    if (left.isZero()) {
                        available++;
                    } else if (requeue == null || left.compareTo(requeue) < 0) {
                        requeue = left;
                    }
                }
                if (DaemonPods.updated(pod, hash)) {
                    updated++;
                }
            } else if (scheduled) {
                misscheduled++;
            }
        }
        var status = new io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder()
                .withDesiredNumberScheduled(desired).withCurrentNumberScheduled(current)
                .withNumberMisscheduled(misscheduled).withNumberReady(ready)
                .withNumberAvailable(available).withUpdatedNumberScheduled(updated)
                .withNumberUnavailable(Math.max(desired - available, 0))
                .withObservedGeneration(ds.getMetadata().getGeneration())
                .withCollisionCount(collisions > 0 ? Integer.valueOf(collisions)
                        : ds.getStatus() == null ? null : ds.getStatus().getCollisionCount())
                .withConditions(ds.getStatus() == null ? null : ds.getStatus().getConditions())
                .build();
        if (!Objects.equals(status, ds.getStatus())) {
            var sets = client.apps().daemonSets().inNamespace(ds.getMetadata().getNamespace());
            try {
                sets.resource(new DaemonSetBuilder(ds).withStatus(status).build())
                        .updateStatus();
            } catch (KubernetesClientException e) {
                DaemonSet latest = e.getCode() == 409
                        ? sets.withName(ds.getMetadata().getName()).get() : null;
                if (latest == null || !Objects.equals(latest.getMetadata().getUid(),
                        ds.getMetadata().getUid())) {
                    throw e;
                }
                // the informer is behind the set: write the numbers onto the newest copy once
                sets.resource(new DaemonSetBuilder(latest).withStatus(status).build())
                        .updateStatus();
            }
        }
        return requeue;
    }
}
