package io.j8s.apiserver.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A namespace's three policies from its labels ({@code pod-security.kubernetes.io/enforce},
 * {@code -version}, and the same for audit and warn), the configured defaults for what is not
 * labelled. A label that is not a level or version is read as {@code restricted:latest}, the
 * strictest, as upstream reads it, and named in {@link #errors()}.
 */
record NamespacePolicy(Policy enforce, Policy audit, Policy warn, List<String> errors) {

    static NamespacePolicy of(JsonNode labels, PodSecurityConfiguration defaults) {
        List<String> errors = new ArrayList<>();
        return new NamespacePolicy(mode(labels, "enforce", defaults.enforce(), errors),
                mode(labels, "audit", defaults.audit(), errors),
                mode(labels, "warn", defaults.warn(), errors), List.copyOf(errors));
    }

    private static Policy mode(JsonNode labels, String mode, Policy fallback,
            List<String> errors) {
        String levelKey = PodSecurityAdmission.PREFIX + mode;
        String versionKey = levelKey + "-version";
        JsonNode level = labels == null ? null : labels.get(levelKey);
        JsonNode version = labels == null ? null : labels.get(versionKey);
        Policy.Level l = fallback.level();
        int minor = fallback.minor();
        if (level != null) {
            Optional<Policy.Level> parsed = Policy.Level.parse(level.asText());
            if (parsed.isEmpty()) {
                errors.add(levelKey + ": invalid level \"" + level.asText() + "\"");
                return new Policy(Policy.Level.RESTRICTED, Policy.LATEST);
            }
            l = parsed.get();
            minor = Policy.LATEST;
        }
        if (version != null) {
            Optional<Integer> parsed = Policy.parseVersion(version.asText());
            if (parsed.isEmpty()) {
                errors.add(versionKey + ": invalid version \"" + version.asText() + "\"");
                return new Policy(Policy.Level.RESTRICTED, Policy.LATEST);
            }
            minor = parsed.get();
        }
        return new Policy(l, minor);
    }
}
