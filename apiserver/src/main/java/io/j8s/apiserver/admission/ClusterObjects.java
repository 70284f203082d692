package io.j8s.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/** What admission may read and write of the stored objects, read at the latest revision. */
public interface ClusterObjects {
    /** All objects of a resource in a namespace (null namespace: cluster-scoped or all). */
    List<ObjectNode> list(String group, String plural, String namespace);

    /**
     * All objects of a resource as the watch cache has them now, without a store read: what an
     * informer would see, for admission that reads on every write (policies, bindings).
     */
    default List<ObjectNode> cached(String group, String plural, String namespace) {
        return list(group, plural, namespace);
    }

    Optional<ObjectNode> get(String group, String plural, String namespace, String name);

    /**
     * Replaces an object's status through the status subresource, guarded by the
     * {@code metadata.resourceVersion} of {@code object} (compare-and-swap); false if the object
     * changed since that version.
     */
    boolean replaceStatus(String group, String plural, ObjectNode object);
}
