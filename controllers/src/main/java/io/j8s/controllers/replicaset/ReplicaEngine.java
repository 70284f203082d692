package io.j8s.controllers.replicaset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.j8s.componentbase.events.EventRecorder;
import io.j8s.componentbase.workqueue.WorkQueue;
import io.j8s.controllers.ControllerContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The engine behind the ReplicaSet and ReplicationController controllers (upstream's
 * ReplicaSetController, which also serves the ReplicationManager through an adapter). A sync
 * claims the pods of an owner (adopting orphans that match its selector, releasing owned pods
 * that no longer match), creates or deletes pods towards its replicas when its expectations are
 * met, and writes its status. Creations go in slow-start batches of 1, 2, 4, ... pods, each batch
 * in parallel, stopping at the first batch with a failure (a quota refusal costs one call, not a
 * thousand); at most {@value #BURST} pods are created or deleted per sync.
 */
final class ReplicaEngine<T extends HasMetadata> implements AutoCloseable {
    static final int BURST = 500;

    private final Logger log;
    private final OwnerKind<T> kind;
    private final KubernetesClient client;
    private final Clock clock;
    private final EventRecorder events;
    private final SharedIndexInformer<T> owners;
    private final SharedIndexInformer<Pod> pods;
    final Expectations expectations;
    final WorkQueue queue;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

    ReplicaEngine(ControllerContext ctx, OwnerKind<T> kind) {
        this.kind = kind;
        this.client = ctx.client();
        this.clock = ctx.clock();
        this.events = ctx.events().apply(kind.component());
        this.log = Logger.getLogger("io.j8s.controllers." + kind.component());
        this.expectations = new Expectations(clock);
        this.queue = new WorkQueue(kind.component(), this::sync);
        this.owners = ctx.informers().informer(kind.type());
        this.pods = ctx.informers().informer(Pod.class);
        owners.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(T owner) {
                queue.add(PodStates.key(owner));
            }

            @Override
            public void onUpdate(T old, T owner) {
                queue.add(PodStates.key(owner));
            }

            @Override
            public void onDelete(T owner, boolean unknown) {
                expectations.forget(PodStates.key(owner));
                queue.add(PodStates.key(owner));
            }
        });
        pods.addEventHandler(new ResourceEventHandler<>() {
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
        });
    }

    void start() {
        queue.start();
    }

    @Override
    public void close() {
        queue.close();
        calls.shutdownNow();
    }

    // ---- pod events ----

    /** The owner of this kind that controls {@code pod}, if it still exists with that uid. */
    private T owner(Pod pod) {
        OwnerReference ref = PodStates.controllerOf(pod);
        if (ref == null || !kind.kind().equals(ref.getKind())) {
            return null;
        }
        T owner = owners.getStore().getByKey(pod.getMetadata().getNamespace() + "/" + ref.getName());
        return owner != null && owner.getMetadata().getUid().equals(ref.getUid()) ? owner : null;
    }

    private void podAdded(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            podDeleted(pod);
            return;
        }
        if (PodStates.controllerOf(pod) != null) {
            T owner = owner(pod);
            if (owner != null) {
                expectations.creationObserved(PodStates.key(owner));
                queue.add(PodStates.key(owner));
            }
            return;
        }
        matchingOwners(pod).forEach(o -> queue.add(PodStates.key(o)));
    }

    private void podUpdated(Pod old, Pod pod) {
        if (Objects.equals(old.getMetadata().getResourceVersion(),
                pod.getMetadata().getResourceVersion())) {
            return;
        }
        boolean labelsChanged = !Objects.equals(old.getMetadata().getLabels(),
                pod.getMetadata().getLabels());
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            podDeleted(pod);
            if (labelsChanged) {
                T oldOwner = owner(old);
                if (oldOwner != null) {
                    queue.add(PodStates.key(oldOwner));
                }
            }
            return;
        }
        T oldOwner = owner(old);
        T owner = owner(pod);
        if (oldOwner != null && oldOwner != owner) {
            queue.add(PodStates.key(oldOwner));
        }
        if (owner != null) {
            queue.add(PodStates.key(owner));
            int minReady = kind.spec(owner).minReadySeconds();
            if (minReady > 0 && !PodStates.ready(old) && PodStates.ready(pod)) {
                queue.addAfter(PodStates.key(owner), Duration.ofSeconds(minReady + 1L));
            }
            return;
        }
        if (PodStates.controllerOf(pod) == null
                && (labelsChanged || PodStates.controllerOf(old) != null)) {
            matchingOwners(pod).forEach(o -> queue.add(PodStates.key(o)));
        }
    }

    private void podDeleted(Pod pod) {
        T owner = owner(pod);
        if (owner != null) {
            expectations.deletionObserved(PodStates.key(owner), PodStates.key(pod));
            queue.add(PodStates.key(owner));
        }
    }

    private List<T> matchingOwners(Pod pod) {
        List<T> out = new ArrayList<>();
        for (T o : owners.getIndexer().byIndex("namespace", pod.getMetadata().getNamespace())) {
            if (kind.spec(o).selector().matches(pod.getMetadata().getLabels())) {
                out.add(o);
            }
        }
        return out;
    }

    // ---- sync ----

    void sync(String key) throws Exception {
        T owner = owners.getStore().getByKey(key);
        if (owner == null) {
            expectations.forget(key);
            return;
        }
        OwnerKind.Spec spec = kind.spec(owner);
        boolean needsSync = expectations.satisfied(key);
        List<Pod> claimed = claim(owner, spec);
        Exception manageError = null;
        if (needsSync && owner.getMetadata().getDeletionTimestamp() == null) {
            try {
                manage(key, owner, spec, claimed);
            } catch (Exception e) {
                manageError = e;
            }
        }
        OwnerKind.Status status = status(owner, spec, claimed, manageError);
        if (!status.sameAs(kind.status(owner))) {
            writeStatus(owner, status);
        }
        if (manageError == null && spec.minReadySeconds() > 0
                && status.readyReplicas() == spec.replicas()
                && status.availableReplicas() != spec.replicas()) {
            queue.addAfter(key, Duration.ofSeconds(spec.minReadySeconds()));
        }
        if (manageError != null) {
            throw manageError;
        }
    }

    /** The active pods the owner controls after adopting matching orphans and releasing others. */
    private List<Pod> claim(T owner, OwnerKind.Spec spec) {
        String uid = owner.getMetadata().getUid();
        boolean deleting = owner.getMetadata().getDeletionTimestamp() != null;
        List<Pod> out = new ArrayList<>();
        for (Pod pod : pods.getIndexer().byIndex("namespace", owner.getMetadata().getNamespace())) {
            if (!PodStates.active(pod)) {
                continue;
            }
            OwnerReference ref = PodStates.controllerOf(pod);
            boolean matches = spec.selector().matches(pod.getMetadata().getLabels());
            if (ref != null) {
                if (!uid.equals(ref.getUid())) {
                    continue;
                }
                if (matches) {
                    out.add(pod);
                } else if (!deleting) {
                    release(owner, pod);
                }
            } else if (matches && !deleting) {
                if (adopt(owner, pod)) {
                    out.add(pod);
                }
            }
        }
        return out;
    }

    private boolean adopt(T owner, Pod pod) {
        List<OwnerReference> refs = new ArrayList<>(pod.getMetadata().getOwnerReferences() == null
                ? List.of() : pod.getMetadata().getOwnerReferences());
        refs.add(controllerRef(owner));
        return patchOwners(pod, refs, "adopting");
    }

    private void release(T owner, Pod pod) {
        List<OwnerReference> refs = new ArrayList<>(pod.getMetadata().getOwnerReferences());
        refs.removeIf(r -> owner.getMetadata().getUid().equals(r.getUid()));
        patchOwners(pod, refs, "releasing");
    }

    private boolean patchOwners(Pod pod, List<OwnerReference> refs, String what) {
        String patch = "[{\"op\":\"test\",\"path\":\"/metadata/uid\",\"value\":\""
                + pod.getMetadata().getUid() + "\"},{\"op\":\"replace\",\"path\":"
                + "\"/metadata/ownerReferences\",\"value\":"
                + Serialization.asJson(refs) + "}]";
        if (pod.getMetadata().getOwnerReferences() == null) {
            patch = patch.replace("\"op\":\"replace\"", "\"op\":\"add\"");
        }
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.JSON), patch);
            return true;
        } catch (KubernetesClientException e) {
            log.fine(what + " pod " + PodStates.key(pod) + ": " + e.getMessage());
            return false;
        }
    }

    OwnerReference controllerRef(T owner) {
        return new OwnerReferenceBuilder().withApiVersion(kind.apiVersion())
                .withKind(kind.kind()).withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid()).withController(true)
                .withBlockOwnerDeletion(true).build();
    }

    private void manage(String key, T owner, OwnerKind.Spec spec, List<Pod> claimed)
            throws Exception {
        int diff = claimed.size() - spec.replicas();
        if (diff < 0) {
            int want = Math.min(-diff, BURST);
            expectations.expectCreations(key, want);
            int submitted = 0;
            Exception failure = null;
            for (int batch = 1; submitted < want && failure == null; batch *= 2) {
                int size = Math.min(batch, want - submitted);
                List<Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    calls.add(this.calls.submit(() -> createPod(owner, spec.template())));
                }
                submitted += size;
                for (Future<?> f : calls) {
                    try {
                        f.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        // a creation that failed will never be observed
                        expectations.creationObserved(key);
                        failure = e.getCause() instanceof Exception ex ? ex
                                : new IllegalStateException(e.getCause());
                    }
                }
            }
            for (int i = submitted; i < want; i++) {
                expectations.creationObserved(key); // skipped after a failed batch
            }
            if (failure != null) {
                throw failure;
            }
        } else if (diff > 0) {
            int n = Math.min(diff, BURST);
            Map<String, Integer> onNode = new HashMap<>();
            for (Pod p : claimed) {
                String node = p.getSpec() == null ? null : p.getSpec().getNodeName();
                if (node != null && !node.isEmpty()) {
                    onNode.merge(node, 1, Integer::sum);
                }
            }
            List<Pod> victims = claimed.stream().sorted(new DeletionOrder(onNode)).limit(n)
                    .toList();
            expectations.expectDeletions(key,
                    victims.stream().map(PodStates::key).collect(Collectors.toSet()));
            Map<Pod, Future<?>> calls = new LinkedHashMap<>();
            for (Pod p : victims) {
                calls.put(p, this.calls.submit(() -> deletePod(owner, p)));
            }
            Exception failure = null;
            for (Map.Entry<Pod, Future<?>> e : calls.entrySet()) {
                try {
                    e.getValue().get();
                } catch (java.util.concurrent.ExecutionException x) {
                    expectations.deletionObserved(key, PodStates.key(e.getKey()));
                    failure = x.getCause() instanceof Exception ex ? ex
                            : new IllegalStateException(x.getCause());
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    private void createPod(T owner, PodTemplateSpec template) {
        Map<String, String> labels = template.getMetadata() == null ? null
                : template.getMetadata().getLabels();
        Map<String, String> annotations = template.getMetadata() == null ? null
                : template.getMetadata().getAnnotations();
        List<String> finalizers = template.getMetadata() == null ? null
                : template.getMetadata().getFinalizers();
        Pod pod = new PodBuilder().withNewMetadata()
                .withGenerateName(owner.getMetadata().getName() + "-")
                .withNamespace(owner.getMetadata().getNamespace())
                .withLabels(labels == null ? null : new LinkedHashMap<>(labels))
                .withAnnotations(annotations == null ? null : new LinkedHashMap<>(annotations))
                .withFinalizers(finalizers == null ? null : new ArrayList<>(finalizers))
                .withOwnerReferences(controllerRef(owner)).endMetadata()
                .withSpec(template.getSpec()).build();
        try {
            Pod created = client.pods().inNamespace(owner.getMetadata().getNamespace())
                    .resource(pod).create();
            events.normal(owner, "SuccessfulCreate", "Created pod: "
                    + created.getMetadata().getName());
        } catch (KubernetesClientException e) {
            events.warning(owner, "FailedCreate", "Error creating: " + message(e));
            throw e;
        }
    }

    private void deletePod(T owner, Pod pod) {
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName()).delete();
            events.normal(owner, "SuccessfulDelete", "Deleted pod: "
                    + pod.getMetadata().getName());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                expectations.deletionObserved(PodStates.key(owner), PodStates.key(pod));
                return;
            }
            events.warning(owner, "FailedDelete", "Error deleting: " + message(e));
            throw e;
        }
    }

    static String message(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage() : e.getMessage();
    }

    private OwnerKind.Status status(T owner, OwnerKind.Spec spec, List<Pod> claimed,
            Exception manageError) {
        Instant now = clock.instant();
        Map<String, String> templateLabels = spec.template() == null
                || spec.template().getMetadata() == null ? Map.of()
                : spec.template().getMetadata().getLabels();
        int fully = 0;
        int ready = 0;
        int available = 0;
        for (Pod p : claimed) {
            Map<String, String> labels = p.getMetadata().getLabels() == null ? Map.of()
                    : p.getMetadata().getLabels();
            if (templateLabels == null || labels.entrySet().containsAll(templateLabels.entrySet())) {
                fully++;
            }
            if (PodStates.ready(p)) {
                ready++;
                if (PodStates.available(p, spec.minReadySeconds(), now)) {
                    available++;
                }
            }
        }
        OwnerKind.Failure failure = kind.status(owner).failure();
        if (manageError != null && failure == null) {
            String reason = claimed.size() < spec.replicas() ? "FailedCreate" : "FailedDelete";
            String message = manageError instanceof KubernetesClientException k ? message(k)
                    : String.valueOf(manageError.getMessage());
            failure = new OwnerKind.Failure(reason, message, now.truncatedTo(
                    java.time.temporal.ChronoUnit.SECONDS).toString());
        } else if (manageError == null && failure != null) {
            failure = null;
        }
        Long generation = owner.getMetadata().getGeneration();
        return new OwnerKind.Status(claimed.size(), fully, ready, available,
                generation == null ? 0 : generation, failure);
    }

    private void writeStatus(T owner, OwnerKind.Status status) {
        try {
            kind.writeStatus(client, owner, status);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return;
            }
            if (e.getCode() != 409) {
                throw e;
            }
            T fresh = client.resources(kind.type()).inNamespace(owner.getMetadata().getNamespace())
                    .withName(owner.getMetadata().getName()).get();
            if (fresh != null) {
                kind.writeStatus(client, fresh, status);
            }
        }
    }
}
