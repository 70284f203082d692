package io.j8s.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * An informer's store that keeps only each object's {@link ObjectMetadata} (upstream's
 * collector watches metadata only): what it hands back is the object with that metadata.
 */
final class MetadataStore implements ItemStore<GenericKubernetesResource> {
    private final String apiVersion;
    private final String kind;
    private final ConcurrentHashMap<String, ObjectMetadata> items = new ConcurrentHashMap<>();

    MetadataStore(String apiVersion, String kind) {
        this.apiVersion = apiVersion;
        this.kind = kind;
    }

    @Override
    public String getKey(GenericKubernetesResource object) {
        return Cache.metaNamespaceKeyFunc(object);
    }

    @Override
    public GenericKubernetesResource put(String key, GenericKubernetesResource object) {
        return restore(items.put(key, ObjectMetadata.of(object)));
    }

    @Override
    public GenericKubernetesResource remove(String key) {
        return restore(items.remove(key));
    }

    @Override
    public Stream<String> keySet() {
        return items.keySet().stream();
    }

    @Override
    public Stream<GenericKubernetesResource> values() {
        return items.values().stream().map(m -> m.restore(apiVersion, kind));
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public GenericKubernetesResource get(String key) {
        return restore(items.get(key));
    }

    @Override
    public boolean isFullState() {
        return false;
    }

    private GenericKubernetesResource restore(ObjectMetadata m) {
        return m == null ? null : m.restore(apiVersion, kind);
    }
}
