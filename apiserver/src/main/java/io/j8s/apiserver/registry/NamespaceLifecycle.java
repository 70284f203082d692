package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.catalogue.ResourceType;
import io.j8s.api.errors.StatusException;
import java.util.Optional;
import java.util.Set;

/**
 * Upstream's NamespaceLifecycle admission: nothing is created in a namespace that does not exist
 * or is being terminated, and the system namespaces cannot be deleted.
 */
final class NamespaceLifecycle implements Admission {
    static final Set<String> SYSTEM = Set.of("default", "kube-system", "kube-public",
            "kube-node-lease");

    private final Registries registries;

    NamespaceLifecycle(Registries registries) {
        this.registries = registries;
    }

    @Override
    public void admitCreate(ResourceType type, ObjectNode object, WriteOptions options) {
        if (!type.namespaced()) {
            return;
        }
        String namespace = Meta.namespace(object);
        Optional<ObjectNode> ns = registries.namespaces().read(null, namespace);
        if (ns.isEmpty()) {
            throw StatusException.notFound(new StatusException.Resource("", "namespaces"),
                    namespace);
        }
        if (Meta.deleting(ns.get())) {
            throw StatusException.forbidden(type.plural() + " \"" + Meta.name(object)
                    + "\" is forbidden: unable to create new content in namespace " + namespace
                    + " because it is being terminated");
        }
    }
}
