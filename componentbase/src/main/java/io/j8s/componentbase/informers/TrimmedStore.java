package io.j8s.componentbase.informers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * An informer's store that drops each object's managedFields before keeping it, as upstream's
 * kube-controller-manager and kube-scheduler do with their informers' transform: no controller
 * reads them, and they are half a pod's weight (50,000 pods in memory); the strings objects
 * repeat are kept once ({@link SharedStrings}).
 */
final class TrimmedStore<T extends HasMetadata> extends BasicItemStore<T> {
    private final SharedStrings strings;

    TrimmedStore(SharedStrings strings) {
        super(Cache::metaNamespaceKeyFunc);
        this.strings = strings;
    }

    @Override
    public T put(String key, T object) {
        if (object.getMetadata() != null && object.getMetadata().getManagedFields() != null) {
            object.getMetadata().setManagedFields(null);
        }
        if (object instanceof Pod pod) {
            strings.pod(pod);
        } else {
            strings.meta(object.getMetadata());
        }
        return super.put(key, object);
    }
}
