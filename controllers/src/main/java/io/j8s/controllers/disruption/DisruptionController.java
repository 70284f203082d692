package io.j8s.controllers.disruption;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.j8s.componentbase.events.EventRecorder;
import io.j8s.componentbase.informers.SharedInformers;
import io.j8s.componentbase.workqueue.WorkQueue;
import io.j8s.controllers.Controller;
import io.j8s.controllers.ControllerContext;
import io.j8s.controllers.replicaset.PodStates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Upstream's disruption controller. For every PodDisruptionBudget: the pods it selects, how many
 * of them are healthy (Ready, not being deleted, not just evicted), how many must be
 * ({@code minAvailable}, or the expected count less {@code maxUnavailable}, percentages against
 * the scale of the pods' controllers: Deployment, ReplicaSet, StatefulSet,
 * ReplicationController), hence {@code disruptionsAllowed}, with {@code expectedPods},
 * {@code observedGeneration}, the entries of {@code disruptedPods} that still stand, and the
 * DisruptionAllowed condition (SufficientPods, InsufficientPods or SyncFailed). Key: ns/name.
 */
public final class DisruptionController implements Controller {
    static final Duration DELETION_TIMEOUT = Duration.ofMinutes(2);
    static final String CONDITION = "DisruptionAllowed";

    private final KubernetesClient client;
    private final SharedInformers informers;
    private final Clock clock;
    private final EventRecorder events;
    private final WorkQueue queue;

    public DisruptionController(ControllerContext ctx) {
        this.client = ctx.client();
        this.informers = ctx.informers();
        this.clock = ctx.clock();
        this.events = ctx.events().apply("controllermanager");
        this.queue = new WorkQueue("disruption", this::sync);
        informers.informer(Deployment.class);
        informers.informer(ReplicaSet.class);
        informers.informer(StatefulSet.class);
        informers.informer(ReplicationController.class);
        informers.informer(PodDisruptionBudget.class).addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(PodDisruptionBudget pdb) {
                queue.add(pdb.getMetadata().getNamespace() + "/" + pdb.getMetadata().getName());
            }

            @Override
            public void onUpdate(PodDisruptionBudget old, PodDisruptionBudget pdb) {
                onAdd(pdb);
            }

            @Override
            public void onDelete(PodDisruptionBudget pdb, boolean unknown) {}
        });
        informers.informer(Pod.class).addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                budgetsOf(pod, null);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                budgetsOf(pod, old);
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                budgetsOf(pod, null);
            }
        });
    }

    private void budgetsOf(Pod pod, Pod old) {
        String ns = pod.getMetadata().getNamespace();
        for (PodDisruptionBudget pdb : informers.list(PodDisruptionBudget.class, ns)) {
            if (Selectors.matches(pdb.getSpec().getSelector(), pod.getMetadata().getLabels())
                    || old != null && Selectors.matches(pdb.getSpec().getSelector(),
                            old.getMetadata().getLabels())) {
                queue.add(ns + "/" + pdb.getMetadata().getName());
            }
        }
    }

    void sync(String key) {
        String ns = key.substring(0, key.indexOf('/'));
        PodDisruptionBudget pdb = informers.get(PodDisruptionBudget.class, ns,
                key.substring(key.indexOf('/') + 1));
        if (pdb == null) {
            return;
        }
        List<Pod> pods = new ArrayList<>();
        for (Pod p : informers.list(Pod.class, ns)) {
            if (Selectors.matches(pdb.getSpec().getSelector(), p.getMetadata().getLabels())) {
                pods.add(p);
            }
        }
        if (pods.isEmpty()) {
            events.normal(pdb, "NoPods", "No matching pods found");
        }
        Instant now = clock.instant();
        PodDisruptionBudgetStatus status;
        try {
            int[] expectedAndDesired = expectedAndDesired(pdb, pods);
            Map<String, String> disrupted = disruptedPods(pdb, pods, now);
            int healthy = 0;
            for (Pod p : pods) {
                if (p.getMetadata().getDeletionTimestamp() == null
                        && !disrupted.containsKey(p.getMetadata().getName()) && PodStates.ready(p)) {
                    healthy++;
                }
            }
            int expected = expectedAndDesired[0];
            int desired = expectedAndDesired[1];
            int allowed = expected <= 0 || healthy - desired <= 0 ? 0 : healthy - desired;
            status = new PodDisruptionBudgetStatusBuilder().withCurrentHealthy(healthy)
                    .withDesiredHealthy(desired).withExpectedPods(expected)
                    .withDisruptionsAllowed(allowed)
                    .withObservedGeneration(pdb.getMetadata().getGeneration())
                    .withDisruptedPods(disrupted.isEmpty() ? null : disrupted)
                    .withConditions(condition(pdb, allowed > 0, allowed > 0 ? "SufficientPods"
                            : "InsufficientPods", "", now))
                    .build();
        } catch (IllegalStateException e) {
            // fail safe: nothing may be disrupted while the budget cannot be computed
            PodDisruptionBudgetStatus old = pdb.getStatus();
            status = new PodDisruptionBudgetStatusBuilder(old == null
                    ? new PodDisruptionBudgetStatus() : old).withDisruptionsAllowed(0)
                    .withObservedGeneration(pdb.getMetadata().getGeneration())
                    .withConditions(condition(pdb, false, "SyncFailed", e.getMessage(), now))
                    .build();
        }
        write(pdb, status);
    }

    private void write(PodDisruptionBudget pdb, PodDisruptionBudgetStatus status) {
        PodDisruptionBudgetStatus old = pdb.getStatus();
        if (old != null && Objects.equals(old.getCurrentHealthy(), status.getCurrentHealthy())
                && Objects.equals(old.getDesiredHealthy(), status.getDesiredHealthy())
                && Objects.equals(old.getExpectedPods(), status.getExpectedPods())
                && Objects.equals(old.getDisruptionsAllowed(), status.getDisruptionsAllowed())
                && Objects.equals(old.getObservedGeneration(), status.getObservedGeneration())
                && Objects.equals(emptyIfNull(old.getDisruptedPods()),
                        emptyIfNull(status.getDisruptedPods()))
                && Objects.equals(old.getConditions(), status.getConditions())) {
            return;
        }
        PodDisruptionBudget next = new PodDisruptionBudgetBuilder(pdb).withStatus(status).build();
        try {
            client.policy().v1().podDisruptionBudget().inNamespace(pdb.getMetadata()
                    .getNamespace()).resource(next).updateStatus();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e; // a conflict: the informer brings the newer budget, the queue retries
            }
        }
    }

    private static Map<String, String> emptyIfNull(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }

    /** The DisruptionAllowed condition; its lastTransitionTime moves only when it changes. */
    private static List<Condition> condition(PodDisruptionBudget pdb, boolean allowed,
            String reason, String message, Instant now) {
        List<Condition> out = new ArrayList<>();
        Condition before = null;
        if (pdb.getStatus() != null && pdb.getStatus().getConditions() != null) {
            for (Condition c : pdb.getStatus().getConditions()) {
                if (CONDITION.equals(c.getType())) {
                    before = c;
                } else {
                    out.add(c);
                }
            }
        }
        String st = allowed ? "True" : "False";
        boolean same = before != null && st.equals(before.getStatus())
                && reason.equals(before.getReason()) && message.equals(
                        Objects.toString(before.getMessage(), ""));
        out.add(new ConditionBuilder().withType(CONDITION).withStatus(st).withReason(reason)
                .withMessage(message)
                .withObservedGeneration(pdb.getMetadata().getGeneration())
                .withLastTransitionTime(same && before.getLastTransitionTime() != null
                        ? before.getLastTransitionTime()
                        : now.truncatedTo(ChronoUnit.SECONDS).toString())
                .build());
        return out;
    }

    /** {expectedPods, desiredHealthy}, as upstream's getExpectedPodCount. */
    private int[] expectedAndDesired(PodDisruptionBudget pdb, List<Pod> pods) {
        IntOrString maxUnavailable = pdb.getSpec().getMaxUnavailable();
        IntOrString minAvailable = pdb.getSpec().getMinAvailable();
        if (maxUnavailable != null) {
            int expected = expectedScale(pdb, pods);
            int max = scaled(maxUnavailable, expected);
            return new int[] {expected, Math.max(0, expected - max)};
        }
        if (minAvailable != null) {
            if (minAvailable.getIntVal() != null) {
                return new int[] {pods.size(), minAvailable.getIntVal()};
            }
            int expected = expectedScale(pdb, pods);
            return new int[] {expected, scaled(minAvailable, expected)};
        }
        return new int[] {pods.size(), 0};
    }

    /** A number, or a percentage of {@code total} rounded up. */
    static int scaled(IntOrString v, int total) {
        if (v.getIntVal() != null) {
            return v.getIntVal();
        }
        String s = v.getStrVal();
        if (!s.endsWith("%")) {
            throw new IllegalStateException("invalid value for IntOrString: invalid value \""
                    + s + "\": percentage must end with %");
        }
        int percent;
        try {
            percent = Integer.parseInt(s.substring(0, s.length() - 1));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("invalid value for IntOrString: invalid value for"
                    + " percentage \"" + s + "\"");
        }
        return (int) Math.ceil(percent * (double) total / 100);
    }

    /** The summed scale of the selected pods' controllers, each once. */
    private int expectedScale(PodDisruptionBudget pdb, List<Pod> pods) {
        Map<String, Integer> scales = new HashMap<>();
        List<String> unmanaged = new ArrayList<>();
        for (Pod pod : pods) {
            OwnerReference ref = controllerOf(pod.getMetadata().getOwnerReferences());
            if (ref == null) {
                unmanaged.add(pod.getMetadata().getName());
                continue;
            }
            String ns = pod.getMetadata().getNamespace();
            Scale s = scale(ns, ref);
            if (s == null) {
                throw new IllegalStateException("found no controllers for pod \""
                        + pod.getMetadata().getName() + "\"");
            }
            scales.put(s.uid(), s.replicas());
        }
        if (!unmanaged.isEmpty()) {
            events.warning(pdb, "UnmanagedPods", "Pods selected by this PodDisruptionBudget"
                    + " (selector: " + pdb.getSpec().getSelector() + ") were found to be"
                    + " unmanaged. As a result, the status of the PDB cannot be calculated"
                    + " correctly, which may result in undefined behavior. To account for"
                    + " these pods please set \".spec.minAvailable\" field of the PDB to an"
                    + " integer value.");
        }
        return scales.values().stream().mapToInt(Integer::intValue).sum();
    }

    private record Scale(String uid, int replicas) {}

    private Scale scale(String ns, OwnerReference ref) {
        String group = ref.getApiVersion() == null || !ref.getApiVersion().contains("/") ? ""
                : ref.getApiVersion().substring(0, ref.getApiVersion().indexOf('/'));
        switch (group + "/" + ref.getKind()) {
            case "apps/ReplicaSet" -> {
                ReplicaSet rs = informers.get(ReplicaSet.class, ns, ref.getName());
                if (rs == null || !rs.getMetadata().getUid().equals(ref.getUid())) {
                    return null;
                }
                OwnerReference owner = controllerOf(rs.getMetadata().getOwnerReferences());
                if (owner != null && "Deployment".equals(owner.getKind())) {
                    Scale d = scale(ns, owner);
                    if (d != null) {
                        return d;
                    }
                }
                return new Scale(rs.getMetadata().getUid(), replicas(rs.getSpec().getReplicas()));
            }
            case "apps/Deployment" -> {
                Deployment d = informers.get(Deployment.class, ns, ref.getName());
                return d == null || !d.getMetadata().getUid().equals(ref.getUid()) ? null
                        : new Scale(d.getMetadata().getUid(), replicas(d.getSpec().getReplicas()));
            }
            case "apps/StatefulSet" -> {
                StatefulSet s = informers.get(StatefulSet.class, ns, ref.getName());
                return s == null || !s.getMetadata().getUid().equals(ref.getUid()) ? null
                        : new Scale(s.getMetadata().getUid(), replicas(s.getSpec().getReplicas()));
            }
            case "/ReplicationController" -> {
                ReplicationController rc = informers.get(ReplicationController.class, ns,
                        ref.getName());
                return rc == null || !rc.getMetadata().getUid().equals(ref.getUid()) ? null
                        : new Scale(rc.getMetadata().getUid(),
                                replicas(rc.getSpec().getReplicas()));
            }
            default -> {
                return null;
            }
        }
    }

    private static int replicas(Integer r) {
        return r == null ? 1 : r;
    }

    private static OwnerReference controllerOf(List<OwnerReference> refs) {
        if (refs == null) {
            return null;
        }
        return refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst()
                .orElse(null);
    }

    /**
     * The disruptedPods entries that still stand: pods that exist, are not being deleted and
     * were evicted less than two minutes ago. An entry that will expire brings a recheck then.
     */
    private Map<String, String> disruptedPods(PodDisruptionBudget pdb, List<Pod> pods,
            Instant now) {
        Map<String, String> recorded = pdb.getStatus() == null ? null
                : pdb.getStatus().getDisruptedPods();
        Map<String, String> out = new TreeMap<>();
        if (recorded == null || recorded.isEmpty()) {
            return out;
        }
        Set<String> live = new HashSet<>();
        for (Pod p : pods) {
            if (p.getMetadata().getDeletionTimestamp() == null) {
                live.add(p.getMetadata().getName());
            }
        }
        Instant next = null;
        for (Map.Entry<String, String> e : recorded.entrySet()) {
            if (!live.contains(e.getKey())) {
                continue;
            }
            Instant expires;
            try {
                expires = Instant.parse(e.getValue()).plus(DELETION_TIMEOUT);
            } catch (RuntimeException ex) {
                continue;
            }
            if (expires.isAfter(now)) {
                out.put(e.getKey(), e.getValue());
                next = next == null || expires.isBefore(next) ? expires : next;
            }
        }
        if (next != null) {
            queue.addAfter(pdb.getMetadata().getNamespace() + "/" + pdb.getMetadata().getName(),
                    Duration.between(now, next).plusMillis(10));
        }
        return out;
    }

    @Override
    public void start() {
        queue.start();
    }

    @Override
    public void close() {
        queue.close();
    }
}
