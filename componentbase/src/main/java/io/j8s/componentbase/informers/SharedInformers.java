package io.j8s.componentbase.informers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One informer per resource type for all the controllers of a controller manager (upstream's
 * SharedInformerFactory): a controller asks for {@link #informer(Class)} while it is built, adds
 * its handlers and indexers, and {@link #start(Duration)} then lists and watches every type
 * asked for, once. 50,000 pods are held once, not once per controller.
 */
public final class SharedInformers implements AutoCloseable {
    private final KubernetesClient client;
    private final Map<Class<?>, SharedIndexInformer<?>> informers = new LinkedHashMap<>();
    private final SharedStrings strings = new SharedStrings();
    private boolean started;

    public SharedInformers(KubernetesClient client) {
        this.client = Objects.requireNonNull(client);
    }

    /**
     * The informer of {@code type} in every namespace, made on first ask and not started until
     * {@link #start(Duration)}. Asked for after the start, it is started at once (and synced
     * before it is returned).
     */
    @SuppressWarnings("unchecked")
    public synchronized <T extends HasMetadata> SharedIndexInformer<T> informer(Class<T> type) {
        SharedIndexInformer<T> informer = (SharedIndexInformer<T>) informers.get(type);
        if (informer == null) {
            informer = client.resources(type).inAnyNamespace().withLimit(500L)
                    .runnableInformer(0);
            informer.itemStore(new TrimmedStore<>(strings));
            informers.put(type, informer);
            if (started) {
                await(List.of(informer.start().toCompletableFuture()), Duration.ofMinutes(2));
            }
        }
        return informer;
    }

    /** How many objects of {@code type} are held: 0 if nobody asked for that type. */
    public synchronized int size(Class<? extends HasMetadata> type) {
        SharedIndexInformer<?> informer = informers.get(type);
        return informer == null ? 0 : informer.getStore().list().size();
    }

    /** Every object of {@code type} the informer holds. */
    public <T extends HasMetadata> List<T> list(Class<T> type) {
        return informer(type).getStore().list();
    }

    /** The object of {@code type} with that namespace ("" or null for cluster-scoped) and name, or null. */
    public <T extends HasMetadata> T get(Class<T> type, String namespace, String name) {
        String key = namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
        return informer(type).getStore().getByKey(key);
    }

    /** Objects of {@code type} in one namespace. */
    public <T extends HasMetadata> List<T> list(Class<T> type, String namespace) {
        return informer(type).getIndexer().byIndex("namespace", namespace);
    }

    /**
     * Starts every informer asked for and waits until each has listed.
     *
     * @throws IllegalStateException if one has not listed within {@code timeout}
     */
    public void start(Duration timeout) {
        List<CompletableFuture<?>> syncs = new ArrayList<>();
        synchronized (this) {
            started = true;
            for (SharedIndexInformer<?> i : informers.values()) {
                syncs.add(i.start().toCompletableFuture());
            }
        }
        await(syncs, timeout);
    }

    private static void await(List<CompletableFuture<?>> syncs, Duration timeout) {
        try {
            CompletableFuture.allOf(syncs.toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("informers did not list within " + timeout + ": " + e, e);
        }
    }

    @Override
    public synchronized void close() {
        informers.values().forEach(SharedIndexInformer::stop);
        informers.clear();
    }
}
