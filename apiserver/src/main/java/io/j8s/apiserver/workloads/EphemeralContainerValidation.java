package io.j8s.apiserver.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.validation.Causes;
import io.j8s.api.validation.FieldPath;
import io.j8s.api.validation.NameFormats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Upstream's {@code ValidatePodEphemeralContainersUpdate}: an update through
 * {@code pods/ephemeralcontainers} may add ephemeral containers but neither remove nor change one,
 * and each must be a plain debugging container: a name unique among all the pod's containers, an
 * image, a target that is one of the pod's containers, mounts of the pod's volumes without
 * {@code subPath}, and none of what a workload container is for (ports, probes, lifecycle,
 * resources, resize and restart policies).
 */
public final class EphemeralContainerValidation {
    private static final String NOT_FOR_EPHEMERAL = "cannot be set for an Ephemeral Container";
    /** In upstream's field order: the fields outside {@code allowedEphemeralContainerFields}. */
    private static final List<String> FORBIDDEN_FIELDS = List.of("ports", "resources",
            "resizePolicy", "restartPolicy", "livenessProbe", "readinessProbe", "startupProbe",
            "lifecycle");
    private static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");

    private EphemeralContainerValidation() {}

    /** Causes for {@code spec} after an update through the subresource from {@code oldSpec}. */
    public static List<StatusCause> validateUpdate(JsonNode spec, JsonNode oldSpec) {
        FieldPath path = FieldPath.of("spec", "ephemeralContainers");
        List<StatusCause> causes = new ArrayList<>(validate(spec, path));
        Map<String, JsonNode> byName = new HashMap<>();
        spec.path("ephemeralContainers").forEach(c -> byName.put(c.path("name").asText(""), c));
        for (JsonNode old : oldSpec.path("ephemeralContainers")) {
            String name = old.path("name").asText("");
            JsonNode now = byName.get(name);
            if (now == null) {
                causes.add(Causes.forbidden(path, "existing ephemeral containers \"" + name
                        + "\" may not be removed\n"));
            } else if (!now.equals(old)) {
                causes.add(Causes.forbidden(path.key(name), "existing ephemeral containers \""
                        + name + "\" may not be changed\n"));
            }
        }
        return causes;
    }

    private static List<StatusCause> validate(JsonNode spec, FieldPath path) {
        List<StatusCause> causes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String list : List.of("containers", "initContainers")) {
            spec.path(list).forEach(c -> names.add(c.path("name").asText("")));
        }
        Set<String> volumes = new HashSet<>();
        spec.path("volumes").forEach(v -> volumes.add(v.path("name").asText("")));
        JsonNode list = spec.path("ephemeralContainers");
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            FieldPath at = path.index(i);
            String name = c.path("name").asText("");
            if (name.isEmpty()) {
                causes.add(Causes.required(at.child("name"), ""));
            } else {
                for (String msg : NameFormats.dns1123Label(name)) {
                    causes.add(Causes.invalid(at.child("name"), name, msg));
                }
            }
            if (c.path("image").asText("").isBlank()) {
                causes.add(Causes.required(at.child("image"), ""));
            }
            String pull = c.path("imagePullPolicy").asText("");
            if (!pull.isEmpty() && !PULL_POLICIES.contains(pull)) {
                causes.add(Causes.notSupported(at.child("imagePullPolicy"), pull, PULL_POLICIES));
            }
            ContainerValidation.mounts(c.path("volumeMounts"), at.child("volumeMounts"), volumes,
                    causes);
            if (!name.isEmpty() && !names.add(name)) {
                causes.add(Causes.duplicate(at.child("name"), name));
            }
            String target = c.path("targetContainerName").asText("");
            if (!target.isEmpty() && !names.contains(target)) {
                causes.add(Causes.notFound(at.child("targetContainerName"), target));
            }
            for (String field : FORBIDDEN_FIELDS) {
                if (isSet(c.get(field))) {
                    causes.add(Causes.forbidden(at.child(field), NOT_FOR_EPHEMERAL));
                }
            }
            JsonNode mounts = c.path("volumeMounts");
            for (int j = 0; j < mounts.size(); j++) {
                for (String sub : List.of("subPath", "subPathExpr")) {
                    if (!mounts.get(j).path(sub).asText("").isEmpty()) {
                        causes.add(Causes.forbidden(at.child("volumeMounts").index(j).child(sub),
                                NOT_FOR_EPHEMERAL));
                    }
                }
            }
        }
        return causes;
    }

    /**
     * Go's "not the zero value": a non-empty list, an object with something set in it, or a
     * scalar; so {@code resources: {}} (what every container carries) is unset.
     */
    private static boolean isSet(JsonNode v) {
        if (v == null || v.isNull()) {
            return false;
        }
        if (v.isArray()) {
            return !v.isEmpty();
        }
        if (v.isObject()) {
            for (JsonNode child : v) {
                if (isSet(child)) {
                    return true;
                }
            }
            return false;
        }
        return !v.asText("").isEmpty();
    }
}
