package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The options of a delete (upstream's DeleteOptions).
 *
 * @param gracePeriodSeconds null for the object's own default
 * @param propagationPolicy empty, {@code Orphan}, {@code Background} or {@code Foreground}
 * @param uid a precondition: the object's uid must be this; empty for none
 * @param resourceVersion a precondition: the object's resourceVersion must be this; empty for none
 */
public record DeleteRequest(Long gracePeriodSeconds, String propagationPolicy, String uid,
        String resourceVersion) {
    public static final DeleteRequest DEFAULT = new DeleteRequest(null, "", "", "");

    /**
     * Reads a DeleteOptions object (a delete's body, an eviction's {@code deleteOptions}); a
     * missing object gives {@link #DEFAULT}.
     */
    public static DeleteRequest of(JsonNode options) {
        if (options == null || !options.isObject()) {
            return DEFAULT;
        }
        JsonNode g = options.get("gracePeriodSeconds");
        Long grace = g != null && g.canConvertToLong() ? g.asLong() : null;
        String policy = options.path("propagationPolicy").asText("");
        if (options.path("orphanDependents").asBoolean(false)) {
            policy = "Orphan";
        }
        return new DeleteRequest(grace, policy,
                options.path("preconditions").path("uid").asText(""),
                options.path("preconditions").path("resourceVersion").asText(""));
    }

    /** The same request, guarded by {@code resourceVersion} unless it names one already. */
    DeleteRequest atResourceVersion(String version) {
        return resourceVersion.isEmpty()
                ? new DeleteRequest(gracePeriodSeconds, propagationPolicy, uid, version) : this;
    }
}
