package io.j8s.apiserver.registry;

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
}
