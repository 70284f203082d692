package io.j8s.apiserver.admission.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.catalogue.ResourceCatalogue;
import io.j8s.api.catalogue.ResourceType;
import io.j8s.apiserver.admission.ClusterObjects;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The parameter objects of a binding: the policy's paramKind names the resource, the binding's
 * paramRef the object (by name) or objects (by selector), in paramRef's namespace or, for a
 * namespaced kind without one, the request's.
 */
final class PolicyParams {
    private final ClusterObjects objects;
    private final ResourceCatalogue catalogue;

    PolicyParams(ClusterObjects objects, ResourceCatalogue catalogue) {
        this.objects = objects;
        this.catalogue = catalogue;
    }

    /** @return the params, or empty when none were found; null when the kind is not served */
    List<ObjectNode> find(JsonNode paramKind, JsonNode paramRef, String requestNamespace) {
        Optional<ResourceType> type = catalogue.findKind(paramKind.path("apiVersion").asText(),
                paramKind.path("kind").asText());
        if (type.isEmpty()) {
            return null;
        }
        ResourceType t = type.get();
        String ns = null;
        if (t.namespaced()) {
            ns = paramRef.path("namespace").asText("");
            if (ns.isEmpty()) {
                ns = requestNamespace == null ? "" : requestNamespace;
            }
            if (ns.isEmpty()) {
                return List.of();
            }
        }
        List<ObjectNode> found = new ArrayList<>();
        if (paramRef.hasNonNull("name")) {
            objects.get(t.group(), t.plural(), ns, paramRef.path("name").asText())
                    .ifPresent(found::add);
            return found;
        }
        for (ObjectNode o : objects.cached(t.group(), t.plural(), ns)) {
            if (PolicyMatch.selects(paramRef.path("selector"),
                    o.path("metadata").path("labels"))) {
                found.add(o);
            }
        }
        return found;
    }
}
