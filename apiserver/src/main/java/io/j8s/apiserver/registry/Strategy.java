package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import java.util.List;
import java.util.Set;

/**
 * What is particular to one kind: its defaults, its validation, which of its fields a write may
 * change, and which fields a field selector may name. Everything else is the generic
 * {@link Registry}'s. Every method has the generic behaviour as its default.
 */
interface Strategy {

    /** Fills in the fields upstream defaults; runs on every create and update. */
    default void applyDefaults(ObjectNode object) {}

    /** Field causes for what is wrong with a new object (beyond metadata, which is generic). */
    default List<StatusCause> validate(ObjectNode object) {
        return List.of();
    }

    /** Field causes for what an update may not change, such as immutable fields. */
    default List<StatusCause> validateUpdate(ObjectNode object, ObjectNode old) {
        return List.of();
    }

    /** Adjusts a new object before it is stored: a fresh status, say. */
    default void prepareForCreate(ObjectNode object) {}

    /**
     * Adjusts a new object before it is stored, knowing who creates it (CertificateSigningRequests
     * record their requester); by default {@link #prepareForCreate(ObjectNode)}.
     */
    default void prepareForCreate(ObjectNode object, WriteOptions options) {
        prepareForCreate(object);
    }

    /**
     * Adjusts an update before it is validated: what a write to {@code subresource} (empty for
     * the object itself) may not change is put back from {@code old}.
     */
    default void prepareForUpdate(ObjectNode object, ObjectNode old, String subresource) {}

    /** Field causes for an update of {@code subresource}; by default the same for all. */
    default List<StatusCause> validateUpdate(ObjectNode object, ObjectNode old,
            String subresource) {
        return validateUpdate(object, old);
    }

    /** True when metadata.generation tracks changes of the spec. */
    default boolean tracksGeneration() {
        return false;
    }

    /** The fields a field selector may use besides metadata.name and metadata.namespace. */
    default Set<String> selectableFields() {
        return Set.of();
    }

    /**
     * Reserves what the object needs from a shared pool (service IPs and node ports) before it
     * is stored; {@code old} is null on create. Returns how to give it back if the write fails.
     */
    default Runnable allocate(ObjectNode object, ObjectNode old) {
        return () -> { };
    }

    /** Gives back what {@code old} held and {@code object} (null after a delete) no longer does. */
    default void release(ObjectNode old, ObjectNode object) {}

    /** True when a PUT of a missing object creates it. */
    default boolean allowCreateOnUpdate() {
        return false;
    }
}
