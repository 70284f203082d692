package io.j8s.apiserver.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.validation.Causes;
import io.j8s.api.validation.FieldPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Upstream's {@code ValidatePodUpdate} for the spec: a running pod's spec is fixed except for
 * images, activeDeadlineSeconds (set or shortened), added tolerations, and a negative
 * terminationGracePeriodSeconds that may become 1. The node a pod is bound to is part of the
 * spec and so cannot change either.
 */
public final class PodUpdateValidation {
    static final String FORBIDDEN = "pod updates may not change fields other than"
            + " `spec.containers[*].image`,`spec.initContainers[*].image`,"
            + "`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing"
            + " tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it"
            + " was previously negative)";

    private PodUpdateValidation() {}

    public static List<StatusCause> validate(JsonNode spec, JsonNode oldSpec) {
        List<StatusCause> causes = new ArrayList<>();
        JsonNode deadline = spec.get("activeDeadlineSeconds");
        JsonNode oldDeadline = oldSpec.get("activeDeadlineSeconds");
        if (oldDeadline != null && !oldDeadline.isNull()) {
            if (deadline == null || deadline.isNull()) {
                causes.add(Causes.invalid(FieldPath.of("spec", "activeDeadlineSeconds"), null,
                        "must not update from a positive integer to nil value"));
            } else if (deadline.asLong() > oldDeadline.asLong()) {
                causes.add(Causes.invalid(FieldPath.of("spec", "activeDeadlineSeconds"),
                        deadline.asLong(), "must be less than or equal to previous value"));
            }
        }
        ObjectNode munged = spec.deepCopy();
        copyImages(munged, oldSpec, "containers");
        copyImages(munged, oldSpec, "initContainers");
        copy(munged, oldSpec, "activeDeadlineSeconds");
        if (onlyAdded(spec.path("tolerations"), oldSpec.path("tolerations"))) {
            copy(munged, oldSpec, "tolerations");
        }
        long grace = oldSpec.path("terminationGracePeriodSeconds").asLong(0);
        if (grace < 0 && spec.path("terminationGracePeriodSeconds").asLong(0) == 1) {
            copy(munged, oldSpec, "terminationGracePeriodSeconds");
        }
        if (!munged.equals(oldSpec)) {
            causes.add(Causes.forbidden(FieldPath.of("spec"), FORBIDDEN));
        }
        return causes;
    }

    private static void copyImages(ObjectNode munged, JsonNode old, String list) {
        JsonNode now = munged.path(list);
        JsonNode before = old.path(list);
        if (!(now instanceof ArrayNode) || now.size() != before.size()) {
            return;
        }
        for (int i = 0; i < now.size(); i++) {
            if (now.get(i) instanceof ObjectNode c && before.get(i).has("image")) {
                c.set("image", before.get(i).get("image"));
            }
        }
    }

    private static void copy(ObjectNode munged, JsonNode old, String field) {
        if (old.has(field)) {
            munged.set(field, old.get(field));
        } else {
            munged.remove(field);
        }
    }

    private static boolean onlyAdded(JsonNode now, JsonNode before) {
        Set<JsonNode> present = new HashSet<>();
        now.forEach(present::add);
        for (JsonNode t : before) {
            if (!present.contains(t)) {
                return false;
            }
        }
        return true;
    }
}
