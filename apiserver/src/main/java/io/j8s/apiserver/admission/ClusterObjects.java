package io.j8s.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/** What admission may read and write of the stored objects, read at the latest revision. */
public interface ClusterObjects {
    /** All objects of a resource in a namespace (null namespace: cluster-scoped or all). */
    List<ObjectNode> list(String group, String plural, String namespace);

    /**
     * All objects of a cluster-wide resource as the watch cache holds them: from memory, maybe a
     * moment behind the store.
     */
    default List<ObjectNode> listCached(String group, String plural) {
        return list(group, plural, null);
    }

    Optional<ObjectNode> get(String group, String plural, String namespace, String name);

    /**
     * Replaces an object's status through the status subresource, guarded by the
     * {@code metadata.resourceVersion} of {@code object} (compare-and-swap); false if the object
     * changed since that version.
     */
    boolean replaceStatus(String group, String plural, ObjectNode object);
}
