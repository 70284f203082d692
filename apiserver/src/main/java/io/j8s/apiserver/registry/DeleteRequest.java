package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a delete does, as its {@link DeleteOptions} resolve.
 *
 * @param gracePeriodSeconds null for the object's own default
 * @param propagationPolicy empty, {@code Orphan}, {@code Background} or {@code Foreground}
 * @param uid a precondition: the object's uid must be this; empty for none
 * @param resourceVersion a precondition: the object's resourceVersion must be this; empty for none
 */
public record DeleteRequest(Long gracePeriodSeconds, String propagationPolicy, String uid,
        String resourceVersion) {
    /**
     * Reads a DeleteOptions object (an eviction's {@code deleteOptions}); a missing one asks for
     * nothing in particular. Invalid options are a 422, as upstream.
     */
    public static DeleteRequest of(JsonNode options) {
        return DeleteOptions.decode(options).validated().request();
    }

    /** The same request, guarded by {@code resourceVersion} unless it names one already. */
    DeleteRequest atResourceVersion(String version) {
        return resourceVersion.isEmpty()
                ? new DeleteRequest(gracePeriodSeconds, propagationPolicy, uid, version) : this;
    }

    /** The same request without its resourceVersion precondition (the uid one stays). */
    DeleteRequest withoutResourceVersion() {
        return new DeleteRequest(gracePeriodSeconds, propagationPolicy, uid, "");
    }
}
