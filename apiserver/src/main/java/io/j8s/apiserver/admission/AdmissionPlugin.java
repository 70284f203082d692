package io.j8s.apiserver.admission;

import java.util.function.Supplier;

/**
 * One admission plugin. Mutating plugins change the object before it is validated; validating
 * plugins refuse it afterwards by throwing a StatusException; a plugin that must see its check
 * and the write as one step (quota) wraps the write with {@link #around}.
 */
public interface AdmissionPlugin {
    String name();

    /** Changes the object of a create or update before validation. */
    default void mutate(AdmissionRequest request) {}

    /** Refuses a create or update after validation. */
    default void validate(AdmissionRequest request) {}

    /**
     * Refuses a delete ({@code request.object()} is null, {@code old()} what is stored); only
     * the plugins that judge deletes (webhooks, policies) look at them.
     */
    default void validateDelete(AdmissionRequest request) {}

    /**
     * Runs the validating step and the store write of a create; the default does no more than
     * call it.
     */
    default <T> T around(AdmissionRequest request, Supplier<T> write) {
        return write.get();
    }

    /**
     * Learns of an update or delete that was stored ({@code old} what was there, {@code object}
     * the new object or null); j8s has no quota controller, so quota credits what was freed here.
     */
    default void written(AdmissionRequest request) {}
}
