package io.j8s.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** What admission may read and write of the stored objects, read at the latest revision. */
public interface ClusterObjects {
    /** All objects of a resource in a namespace (null namespace: cluster-scoped or all). */
    List<ObjectNode> list(String group, String plural, String namespace);

    Optional<ObjectNode> get(String group, String plural, String namespace, String name);

    /** Changes an object's status through the status subresource, retrying on conflicts. */
    void updateStatus(String group, String plural, String namespace, String name,
            Consumer<ObjectNode> change);

}
