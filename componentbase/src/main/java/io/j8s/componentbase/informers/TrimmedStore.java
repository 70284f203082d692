package io.j8s.componentbase.informers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * An informer's store that drops each object's managedFields before keeping it, as upstream's
 * kube-controller-manager and kube-scheduler do with their informers' transform: no controller
 * reads them, and they are a good part of a pod's weight (50,000 pods in memory).
 */
final class TrimmedStore<T extends HasMetadata> extends BasicItemStore<T> {
    TrimmedStore() {
        super(Cache::metaNamespaceKeyFunc);
    }

    @Override
    public T put(String key, T object) {
        if (object.getMetadata() != null && object.getMetadata().getManagedFields() != null) {
            object.getMetadata().setManagedFields(null);
        }
        return super.put(key, object);
    }
}
