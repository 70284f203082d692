package io.j8s.apiserver.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.errors.StatusException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A namespace's three policies from its labels ({@code pod-security.kubernetes.io/enforce},
 * {@code -version}, and the same for audit and warn), the configured defaults for what is not
 * labelled. A label that is not a level or version is read as {@code restricted:latest}, the
 * strictest, as upstream reads it, and named in {@link #errors()} (causes of a 422 when a
 * namespace is written with it).
 */
record NamespacePolicy(Policy enforce, Policy audit, Policy warn, List<StatusCause> errors) {

    static NamespacePolicy of(JsonNode labels, PodSecurityConfiguration defaults) {
        List<StatusCause> errors = new ArrayList<>();
        return new NamespacePolicy(mode(labels, "enforce", defaults.enforce(), errors),
                mode(labels, "audit", defaults.audit(), errors),
                mode(labels, "warn", defaults.warn(), errors), List.copyOf(errors));
    }

    private static Policy mode(JsonNode labels, String mode, Policy fallback,
            List<StatusCause> errors) {
        String levelKey = PodSecurityAdmission.PREFIX + mode;
        String versionKey = levelKey + "-version";
        JsonNode level = labels == null ? null : labels.get(levelKey);
        JsonNode version = labels == null ? null : labels.get(versionKey);
        Policy.Level l = fallback.level();
        int minor = fallback.minor();
        if (level != null) {
            Optional<Policy.Level> parsed = Policy.Level.parse(level.asText());
            if (parsed.isEmpty()) {
                errors.add(StatusException.cause("FieldValueInvalid", "metadata.labels[" + levelKey
                        + "]", "Invalid value: \"" + level.asText() + "\": must be one of"
                        + " privileged, baseline, restricted"));
                return new Policy(Policy.Level.RESTRICTED, Policy.LATEST);
            }
            l = parsed.get();
            minor = Policy.LATEST;
        }
        if (version != null) {
            Optional<Integer> parsed = Policy.parseVersion(version.asText());
            if (parsed.isEmpty()) {
                errors.add(StatusException.cause("FieldValueInvalid", "metadata.labels["
                        + versionKey + "]", "Invalid value: \"" + version.asText() + "\": must be"
                        + " \"latest\" or \"v1.x\""));
                return new Policy(Policy.Level.RESTRICTED, Policy.LATEST);
            }
            minor = parsed.get();
        }
        return new Policy(l, minor);
    }
}
