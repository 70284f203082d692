package io.j8s.controllers.statefulset;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
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
import io.j8s.controllers.history.Revisions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Upstream's StatefulSet controller: watches StatefulSets, their pods, claims and revisions, and
 * for each set key makes sure the update revision exists, runs one {@link StatefulSetControl}
 * pass, writes the status and trims the revision history.
 */
public final class StatefulSetController implements Controller {
    static final String COMPONENT = "statefulset-controller";
    private final KubernetesClient client;
    private final SharedInformers informers;
    private final EventRecorder events;
    private final Revisions revisions;
    private final StatefulSetControl control;
    private final WorkQueue queue;

    public StatefulSetController(ControllerContext ctx) {
        this.client = ctx.client();
        this.informers = ctx.informers();
        this.events = ctx.events().apply(COMPONENT);
        this.revisions = new Revisions(client);
        this.control = new StatefulSetControl(new ApiPodControl(), ctx.clock());
        this.queue = new WorkQueue("statefulset", this::sync);
        informers.informer(StatefulSet.class).addEventHandler(handler(this::enqueue));
        informers.informer(Pod.class).addEventHandler(handler(this::podChanged));
        informers.informer(PersistentVolumeClaim.class).addEventHandler(handler(this::claimChanged));
        informers.informer(ControllerRevision.class);
    }

    private static <T> ResourceEventHandler<T> handler(java.util.function.Consumer<T> changed) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                changed.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                changed.accept(oldObj);
                changed.accept(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                changed.accept(obj);
            }
        };
    }

    private void enqueue(HasMetadata set) {
        queue.add(set.getMetadata().getNamespace() + "/" + set.getMetadata().getName());
    }

    private void podChanged(Pod pod) {
        OwnerReference owner = controllerOf(pod);
        String ns = pod.getMetadata().getNamespace();
        if (owner != null) {
            if ("StatefulSet".equals(owner.getKind())) {
                queue.add(ns + "/" + owner.getName());
            }
            return;
        }
        for (StatefulSet set : informers.list(StatefulSet.class, ns)) {
            if (LabelSelectors.matches(set.getSpec().getSelector(),
                    pod.getMetadata().getLabels())) {
                enqueue(set);
            }
        }
    }

    /** A claim that went away may be the one a set waits for before it makes a pod. */
    private void claimChanged(PersistentVolumeClaim claim) {
        String name = claim.getMetadata().getName();
        for (StatefulSet set : informers.list(StatefulSet.class,
                claim.getMetadata().getNamespace())) {
            if (name.contains("-" + set.getMetadata().getName() + "-")
                    && !StatefulPods.templates(set).isEmpty()) {
                enqueue(set);
            }
        }
    }

    private static OwnerReference controllerOf(HasMetadata o) {
        for (OwnerReference r : o.getMetadata().getOwnerReferences()) {
            if (Boolean.TRUE.equals(r.getController())) {
                return r;
            }
        }
        return null;
    }

    @Override
    public void start() {
        queue.start();
        informers.list(StatefulSet.class).forEach(this::enqueue);
    }

    @Override
    public void close() {
        queue.close();
    }

    /** Reconciles the StatefulSet {@code namespace/name}. */
    void sync(String key) {
        String[] parts = key.split("/", 2);
        StatefulSet set = informers.get(StatefulSet.class, parts[0], parts[1]);
        if (set == null || set.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        List<Pod> pods = claimPods(set);
        List<ControllerRevision> owned = Revisions.owned(
                informers.list(ControllerRevision.class, parts[0]), set);
        int collisions = set.getStatus() == null || set.getStatus().getCollisionCount() == null
                ? 0 : set.getStatus().getCollisionCount();
        JsonNode data = revisions.templatePatch(set.getSpec().getTemplate());
        ControllerRevision update = null;
        long max = owned.isEmpty() ? 0 : Revisions.number(owned.getLast());
        for (ControllerRevision r : owned) {
            if (revisions.holds(r, data)) {
                update = r;
            }
        }
        if (update == null) {
            Revisions.Created created = revisions.create(set, data,
                    set.getSpec().getTemplate().getMetadata() == null ? null
                            : set.getSpec().getTemplate().getMetadata().getLabels(),
                    Revisions.STATEFUL_HASH_LABEL, max + 1, collisions,
                    n -> Revisions.hash(data, n));
            update = created.revision();
            collisions = created.collisionCount();
            owned.add(update);
        } else if (Revisions.number(update) < max) {
            update = revisions.renumber(update, max + 1); // an old template came back
        }
        String currentName = set.getStatus() == null ? null
                : set.getStatus().getCurrentRevision();
        ControllerRevision current = update;
        for (ControllerRevision r : owned) {
            if (r.getMetadata().getName().equals(currentName)) {
                current = r;
            }
        }
        Map<String, PersistentVolumeClaim> claims = new HashMap<>();
        for (PersistentVolumeClaim c : informers.list(PersistentVolumeClaim.class, parts[0])) {
            claims.put(c.getMetadata().getName(), c);
        }
        StatefulSetControl.Result result = control.update(set,
                revision(current), revision(update), pods, claims);
        writeStatus(set, result, current, update, collisions);
        Set<String> live = new HashSet<>();
        live.add(current.getMetadata().getName());
        live.add(update.getMetadata().getName());
        pods.forEach(p -> live.add(StatefulPods.revision(p)));
        revisions.truncate(owned, live, set.getSpec().getRevisionHistoryLimit() == null ? 10
                : set.getSpec().getRevisionHistoryLimit());
        if (result.requeueAfter() != null) {
            queue.addAfter(key, result.requeueAfter());
        }
    }

    private StatefulSetControl.Revision revision(ControllerRevision r) {
        return new StatefulSetControl.Revision(r.getMetadata().getName(),
                revisions.template(r, PodTemplateSpec.class));
    }

    /**
     * The set's pods: those it controls, orphans its selector matches whose names are its
     * ordinals (adopted), less those its selector no longer matches (released), as upstream.
     */
    private List<Pod> claimPods(StatefulSet set) {
        return PodOwnership.claim(client, set,
                informers.list(Pod.class, set.getMetadata().getNamespace()),
                pod -> StatefulPods.ordinal(set, pod) >= 0 && LabelSelectors.matches(
                        set.getSpec().getSelector(), pod.getMetadata().getLabels()));
    }

    private void writeStatus(StatefulSet set, StatefulSetControl.Result r,
            ControllerRevision current, ControllerRevision update, int collisions) {
        StatefulSetStatusBuilder b = new StatefulSetStatusBuilder()
                .withObservedGeneration(set.getMetadata().getGeneration())
                .withReplicas(r.replicas()).withReadyReplicas(r.ready())
                .withAvailableReplicas(r.available()).withCurrentReplicas(r.current())
                .withUpdatedReplicas(r.updated()).withCollisionCount(collisions)
                .withCurrentRevision(current.getMetadata().getName())
                .withUpdateRevision(update.getMetadata().getName());
        if (set.getStatus() != null) {
            b.withConditions(set.getStatus().getConditions());
        }
        if ("RollingUpdate".equals(StatefulSetControl.strategy(set))
                && r.updated() == r.replicas() && r.ready() == r.replicas()) {
            b.withCurrentRevision(update.getMetadata().getName()).withCurrentReplicas(r.updated());
        }
        StatefulSetStatus status = b.build();
        if (Objects.equals(status, set.getStatus())) {
            return;
        }
        var sets = client.apps().statefulSets().inNamespace(set.getMetadata().getNamespace());
        try {
            sets.resource(new StatefulSetBuilder(set).withStatus(status).build()).updateStatus();
        } catch (KubernetesClientException e) {
            StatefulSet latest = e.getCode() == 409
                    ? sets.withName(set.getMetadata().getName()).get() : null;
            if (latest == null || !Objects.equals(latest.getMetadata().getUid(),
                    set.getMetadata().getUid())) {
                throw e;
            }
            // the informer is behind the set: write the counts onto the newest copy once
            sets.resource(new StatefulSetBuilder(latest).withStatus(status).build())
                    .updateStatus();
        }
    }

    /** The pod control through the API, with upstream's events. */
    private final class ApiPodControl implements StatefulPodControl {
        @Override
        public void createClaim(StatefulSet set, PersistentVolumeClaim claim, Pod pod) {
            String what = "create Claim " + claim.getMetadata().getName() + " Pod "
                    + pod.getMetadata().getName() + " in StatefulSet "
                    + set.getMetadata().getName();
            try {
                client.persistentVolumeClaims().inNamespace(set.getMetadata().getNamespace())
                        .resource(claim).create();
                events.normal(set, "SuccessfulCreate", what + " success");
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    events.warning(set, "FailedCreate", what + " failed error: " + e.getMessage());
                    throw e;
                }
            }
        }

        @Override
        public void createPod(StatefulSet set, Pod pod) {
            String what = "create Pod " + pod.getMetadata().getName() + " in StatefulSet "
                    + set.getMetadata().getName();
            try {
                client.pods().inNamespace(set.getMetadata().getNamespace()).resource(pod)
                        .create();
                events.normal(set, "SuccessfulCreate", what + " successful");
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) { // 409: created already, the informer lags behind
                    events.warning(set, "FailedCreate", what + " failed error: " + e.getMessage());
                    throw e;
                }
            }
        }

        @Override
        public void deletePod(StatefulSet set, Pod pod) {
            String what = "delete Pod " + pod.getMetadata().getName() + " in StatefulSet "
                    + set.getMetadata().getName();
            try {
                client.pods().inNamespace(set.getMetadata().getNamespace())
                        .withName(pod.getMetadata().getName()).delete();
                events.normal(set, "SuccessfulDelete", what + " successful");
            } catch (KubernetesClientException e) {
                events.warning(set, "FailedDelete", what + " failed error: " + e.getMessage());
                throw e;
            }
        }

        @Override
        public void updatePod(StatefulSet set, Pod pod) {
            client.pods().inNamespace(set.getMetadata().getNamespace()).resource(pod).update();
            events.normal(set, "SuccessfulUpdate", "update Pod " + pod.getMetadata().getName()
                    + " in StatefulSet " + set.getMetadata().getName() + " successful");
        }

        @Override
        public void updateClaimOwners(StatefulSet set, PersistentVolumeClaim claim,
                List<OwnerReference> owners) {
            client.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace())
                    .withName(claim.getMetadata().getName()).edit(c -> {
                        c.getMetadata().setOwnerReferences(owners);
                        return c;
                    });
        }
    }
}
