package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Turns objects of a kind without a built-in printer (a custom resource) into a Table. */
public interface TablePrinter {
    /**
     * The {@code meta.k8s.io/v1 Table} of {@code objects}.
     *
     * @param listMeta the Table's metadata (resourceVersion, continue, remainingItemCount)
     * @param includeObject the request's {@code includeObject}: None, Metadata or Object
     */
    ObjectNode table(List<ObjectNode> objects, ObjectNode listMeta, String includeObject);
}
