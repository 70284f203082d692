package io.j8s.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of an object the collector needs, and nothing more: 50,000 pods are held as a few
 * hundred bytes each, not as whole objects.
 */
record ObjectMetadata(String namespace, String name, String uid, String resourceVersion,
        List<OwnerRef> owners, List<String> finalizers, boolean deleting) {
    static final String ORPHAN = "orphan";
    static final String FOREGROUND = "foregroundDeletion";

    static ObjectMetadata of(GenericKubernetesResource object) {
        ObjectMeta m = object.getMetadata();
        List<OwnerRef> owners = List.of();
        if (m.getOwnerReferences() != null && !m.getOwnerReferences().isEmpty()) {
            List<OwnerRef> list = new ArrayList<>(m.getOwnerReferences().size());
            for (OwnerReference r : m.getOwnerReferences()) {
                list.add(OwnerRef.of(r));
            }
            owners = List.copyOf(list);
        }
        List<String> finalizers = m.getFinalizers() == null || m.getFinalizers().isEmpty()
                ? List.of() : List.copyOf(m.getFinalizers());
        String namespace = m.getNamespace() == null ? "" : m.getNamespace().intern();
        return new ObjectMetadata(namespace, m.getName(), m.getUid(), m.getResourceVersion(),
                owners, finalizers, m.getDeletionTimestamp() != null);
    }

    boolean orphaning() {
        return deleting && finalizers.contains(ORPHAN);
    }

    boolean deletingDependents() {
        return deleting && finalizers.contains(FOREGROUND);
    }

    /** The object again, with only this metadata (what the informer's store hands back). */
    GenericKubernetesResource restore(String apiVersion, String kind) {
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion(apiVersion);
        r.setKind(kind);
        ObjectMeta m = new ObjectMeta();
        m.setNamespace(namespace.isEmpty() ? null : namespace);
        m.setName(name);
        m.setUid(uid);
        m.setResourceVersion(resourceVersion);
        m.setOwnerReferences(owners.stream().map(OwnerRef::toReference).toList());
        m.setFinalizers(finalizers);
        r.setMetadata(m);
        return r;
    }
}
