package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.validation.Causes;
import io.j8s.api.validation.FieldPath;
import io.j8s.api.validation.LabelFormats;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Namespaces, as upstream's namespace strategy: a new one is Active with the {@code kubernetes}
 * finalizer; {@code spec.finalizers} change only through {@code namespaces/NAME/finalize}, so an
 * update of the namespace itself keeps them, and the finalize subresource keeps the status.
 */
final class NamespaceStrategy implements Strategy {
    private static final Set<String> STANDARD_FINALIZERS = Set.of("kubernetes", "orphan",
            "foregroundDeletion");

    @Override
    public Set<String> selectableFields() {
        return Set.of("status.phase");
    }

    @Override
    public void prepareForCreate(ObjectNode ns) {
        ns.putObject("status").put("phase", "Active");
        ObjectNode spec = ns.with("spec");
        if (!spec.has("finalizers")) {
            spec.putArray("finalizers").add("kubernetes");
        }
    }

    @Override
    public void prepareForUpdate(ObjectNode ns, ObjectNode old, String subresource) {
        if (!subresource.isEmpty()) {
            return; // status keeps the old spec (generic); finalize sets the finalizers
        }
        JsonNode finalizers = old.path("spec").get("finalizers");
        if (finalizers == null) {
            if (ns.get("spec") instanceof ObjectNode spec) {
                spec.remove("finalizers");
            }
        } else {
            ns.with("spec").set("finalizers", finalizers.deepCopy());
        }
    }

    @Override
    public boolean deleteDuringUpdate(ObjectNode ns) {
        return NamespaceDeletion.finalized(ns);
    }

    @Override
    public List<StatusCause> validate(ObjectNode ns) {
        List<StatusCause> causes = new ArrayList<>();
        FieldPath path = FieldPath.of("spec", "finalizers");
        JsonNode finalizers = ns.path("spec").path("finalizers");
        for (int i = 0; i < finalizers.size(); i++) {
            String name = finalizers.get(i).asText("");
            for (String msg : LabelFormats.qualifiedName(name)) {
                causes.add(Causes.invalid(path.index(i), name, msg));
            }
            if (!name.contains("/") && !STANDARD_FINALIZERS.contains(name)) {
                causes.add(Causes.invalid(path.index(i), name,
                        "name is neither a standard finalizer name nor is it fully qualified"));
            }
        }
        return causes;
    }
}
