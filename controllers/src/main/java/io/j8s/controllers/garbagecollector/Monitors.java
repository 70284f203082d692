package io.j8s.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * One metadata-only informer per discovered resource, feeding the {@link Graph}; {@link #sync}
 * starts informers for resources that appeared since the last discovery and stops those of
 * resources that are gone.
 */
final class Monitors implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("io.j8s.controllers.garbagecollector");
    private final KubernetesClient client;
    private final Graph graph;
    private final Map<Resource, SharedIndexInformer<GenericKubernetesResource>> running =
            new HashMap<>();
    private boolean closed;

    Monitors(KubernetesClient client, Graph graph) {
        this.client = client;
        this.graph = graph;
    }

    /**
     * Watches exactly {@code resources}; returns when every new informer has listed.
     */
    void sync(List<Resource> resources) {
        Set<Resource> wanted = Set.copyOf(resources);
        Map<Resource, CompletableFuture<Void>> started = new HashMap<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            for (var it = running.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (!wanted.contains(e.getKey())) {
                    e.getValue().stop();
                    it.remove();
                }
            }
            for (Resource r : resources) {
                if (!running.containsKey(r)) {
                    SharedIndexInformer<GenericKubernetesResource> informer = inform(r);
                    running.put(r, informer);
                    started.put(r, informer.start().toCompletableFuture());
                }
            }
        }
        if (!started.isEmpty()) {
            LOG.fine(() -> "garbage collector watches " + resources.stream()
                    .map(Resource::plural).collect(Collectors.joining(",")));
        }
        for (var e : started.entrySet()) {
            try {
                e.getValue().get();
            } catch (Exception failed) {
                // Dropped, so that the next discovery starts it again.
                LOG.warning("garbage collector: the monitor of " + e.getKey().plural()
                        + " did not list, trying again at the next discovery: " + failed);
                synchronized (this) {
                    SharedIndexInformer<GenericKubernetesResource> informer =
                            running.remove(e.getKey());
                    if (informer != null) {
                        informer.stop();
                    }
                }
            }
        }
    }

    private SharedIndexInformer<GenericKubernetesResource> inform(Resource r) {
        SharedIndexInformer<GenericKubernetesResource> informer = client
                .genericKubernetesResources(r.context()).inAnyNamespace().withLimit(500L)
                .runnableInformer(0);
        informer.removeNamespaceIndex();
        informer.itemStore(new MetadataStore(r.apiVersion(), r.kind()));
        String apiVersion = r.apiVersion().intern();
        String kind = r.kind().intern();
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource o) {
                graph.observe(id(apiVersion, kind, o), ObjectMetadata.of(o));
            }

            @Override
            public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource o) {
                graph.observe(id(apiVersion, kind, o), ObjectMetadata.of(o));
            }

            @Override
            public void onDelete(GenericKubernetesResource o, boolean finalStateUnknown) {
                if (o.getMetadata().getUid() != null) {
                    graph.observeDeleted(o.getMetadata().getUid());
                }
            }
        });
        return informer;
    }

    private static ObjectId id(String apiVersion, String kind, GenericKubernetesResource o) {
        String ns = o.getMetadata().getNamespace();
        return new ObjectId(apiVersion, kind, ns == null ? "" : ns.intern(),
                o.getMetadata().getName(), o.getMetadata().getUid());
    }

    @Override
    public synchronized void close() {
        closed = true;
        running.values().forEach(SharedIndexInformer::stop);
        running.clear();
    }
}
