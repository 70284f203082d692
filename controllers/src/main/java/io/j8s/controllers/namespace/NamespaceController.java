package io.j8s.controllers.namespace;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.j8s.componentbase.informers.SharedInformers;
import io.j8s.componentbase.workqueue.WorkQueue;
import io.j8s.controllers.Controller;
import io.j8s.controllers.ControllerContext;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Upstream's namespace controller. A namespace with a deletionTimestamp is emptied: every
 * namespaced resource found by discovery is deleted (a deletecollection where served, else one by
 * one, in the background), what is left is counted by resource and by finalizer into the
 * namespace's conditions, and the namespace is looked at again later while anything remains. Once
 * nothing does, the {@code kubernetes} finalizer is removed through {@code
 * namespaces/NAME/finalize} and the namespace is deleted again, which removes it. Everything is
 * read from the API, so a deletion interrupted by a restart resumes where it was.
 */
public final class NamespaceController implements Controller {
    private static final Logger LOG = Logger.getLogger("io.j8s.controllers.namespace");
    static final String FINALIZER = "kubernetes";
    static final Duration FIRST_RECHECK = Duration.ofMillis(250);
    static final Duration MAX_RECHECK = Duration.ofSeconds(5);

    private final KubernetesClient client;
    private final SharedInformers informers;
    private final Clock clock;
    private final WorkQueue queue;
    /** How often each namespace was found with content left, for the growing recheck delay. */
    private final Map<String, Integer> rechecks = new ConcurrentHashMap<>();

    public NamespaceController(ControllerContext ctx) {
        this.client = ctx.client();
        this.informers = ctx.informers();
        this.clock = ctx.clock();
        this.queue = new WorkQueue("namespace", this::sync);
        informers.informer(Namespace.class).addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Namespace ns) {
                enqueue(ns);
            }

            @Override
            public void onUpdate(Namespace old, Namespace ns) {
                enqueue(ns);
            }

            @Override
            public void onDelete(Namespace ns, boolean unknown) {
                rechecks.remove(ns.getMetadata().getName());
            }
        });
    }

    private void enqueue(Namespace ns) {
        if (ns.getMetadata().getDeletionTimestamp() != null) {
            queue.add(ns.getMetadata().getName());
        }
    }

    void sync(String name) {
        Namespace ns = informers.get(Namespace.class, null, name);
        if (ns == null || ns.getMetadata().getDeletionTimestamp() == null) {
            return;
        }
        if (finalized(ns)) {
            deleteNamespace(ns);
            return;
        }
        NamespacedResources discovered = NamespacedResources.discover(client);
        List<String> failedDeletes = new ArrayList<>();
        SortedMap<String, Integer> remaining = new TreeMap<>();
        SortedMap<String, Integer> finalizers = new TreeMap<>();
        for (NamespacedResources.Resource r : discovered.resources()) {
            try {
                deleteAll(name, r, remaining, finalizers);
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404 || e.getCode() == 405) {
                    continue; // gone from the API, or not deletable after all
                }
                failedDeletes.add(r.name() + ": " + e.getMessage());
            }
        }
        List<NamespaceCondition> conditions = NamespaceConditions.of(discovered.failedGroups(),
                failedDeletes, remaining, finalizers,
                ns.getStatus() == null ? null : ns.getStatus().getConditions(),
                clock.instant().truncatedTo(ChronoUnit.SECONDS));
        ns = writeStatus(ns, conditions);
        if (!remaining.isEmpty() || !failedDeletes.isEmpty()
                || !discovered.failedGroups().isEmpty()) {
            int n = rechecks.merge(name, 1, Integer::sum);
            long millis = Math.min(FIRST_RECHECK.toMillis() << Math.min(n - 1, 10),
                    MAX_RECHECK.toMillis());
            queue.addAfter(name, Duration.ofMillis(millis));
            return;
        }
        rechecks.remove(name);
        ns = finalizeNamespace(ns);
        if (finalized(ns)) {
            deleteNamespace(ns);
        }
    }

    /** Deletes every object of one resource in the namespace and counts what is left. */
    private void deleteAll(String namespace, NamespacedResources.Resource r,
            SortedMap<String, Integer> remaining, SortedMap<String, Integer> finalizers) {
        NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
                Resource<GenericKubernetesResource>> ops = client
                        .genericKubernetesResources(r.context()).inNamespace(namespace);
        List<GenericKubernetesResource> items = ops.list().getItems();
        if (items.isEmpty()) {
            return;
        }
        if (r.deleteCollection()) {
            ops.withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        } else {
            for (GenericKubernetesResource item : items) {
                if (item.getMetadata().getDeletionTimestamp() == null) {
                    ops.withName(item.getMetadata().getName())
                            .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
                }
            }
        }
        for (GenericKubernetesResource left : ops.list().getItems()) {
            remaining.merge(r.name(), 1, Integer::sum);
            List<String> f = left.getMetadata().getFinalizers();
            if (f != null) {
                f.forEach(finalizer -> finalizers.merge(finalizer, 1, Integer::sum));
            }
        }
    }

    private Namespace writeStatus(Namespace ns, List<NamespaceCondition> conditions) {
        List<NamespaceCondition> before = ns.getStatus() == null ? null
                : ns.getStatus().getConditions();
        if (Objects.equals(before, conditions)
                && "Terminating".equals(ns.getStatus().getPhase())) {
            return ns;
        }
        Namespace next = new NamespaceBuilder(ns).editOrNewStatus().withPhase("Terminating")
                .withConditions(conditions).endStatus().build();
        return client.namespaces().resource(next).updateStatus();
    }

    private Namespace finalizeNamespace(Namespace ns) {
        List<String> left = new ArrayList<>(ns.getSpec() == null ? List.of()
                : ns.getSpec().getFinalizers());
        if (!left.remove(FINALIZER)) {
            return ns;
        }
        Namespace next = new NamespaceBuilder(ns).editOrNewSpec().withFinalizers(left).endSpec()
                .build();
        try {
            return client.namespaces().resource(next).subresource("finalize").update();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return next; // the finalize removed it already
            }
            throw e;
        }
    }

    private void deleteNamespace(Namespace ns) {
        try {
            client.namespaces().withName(ns.getMetadata().getName()).delete();
            LOG.fine("namespace " + ns.getMetadata().getName() + " emptied and deleted");
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    private static boolean finalized(Namespace ns) {
        return ns.getSpec() == null || ns.getSpec().getFinalizers() == null
                || ns.getSpec().getFinalizers().isEmpty();
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
