package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.apiserver.conversion.Conversions;
import io.j8s.apiserver.fields.UnknownFields;
import java.util.List;
import java.util.Set;

/**
 * What is particular to one kind: its defaults, its validation, which of its fields a write may
 * change, and which fields a field selector may name. Everything else is the generic
 * {@link Registry}'s. Every method has the generic behaviour as its default.
 */
public interface Strategy {

    /** Fills in the fields upstream defaults; runs on every create and update. */
    default void applyDefaults(ObjectNode object) {}

    /** Field causes for what is wrong with a new object (beyond metadata, which is generic). */
    default List<StatusCause> validate(ObjectNode object) {
        return List.of();
    }

    /** Field causes for what only a create may not do, beyond {@link #validate(ObjectNode)}. */
    default List<StatusCause> validateCreate(ObjectNode object) {
        return List.of();
    }

    /** Field causes for what an update may not change, such as immutable fields. */
    default List<StatusCause> validateUpdate(ObjectNode object, ObjectNode old) {
        return List.of();
    }

    /**
     * Field causes for an update through {@code subresource} (empty for the object itself); by
     * default those of {@link #validateUpdate(ObjectNode, ObjectNode)}.
     */
    default List<StatusCause> validateUpdate(ObjectNode object, ObjectNode old,
            String subresource) {
        return validateUpdate(object, old);
    }

    /**
     * What an update through {@code subresource} (neither the object itself nor its status)
     * stores: by default the body, as for the object itself; pods' {@code ephemeralcontainers}
     * takes only the ephemeral containers from it.
     */
    default ObjectNode updateThrough(String subresource, ObjectNode old, ObjectNode body) {
        return body.deepCopy();
    }

    /** Adjusts a new object before it is stored: a fresh status, say. */
    default void prepareForCreate(ObjectNode object) {}

    /**
     * Adjusts an update before it is validated: fields that only another subresource may change
     * are taken from {@code old}.
     *
     * @param subresource empty for the object itself, or the subresource written
     */
    default void prepareForUpdate(ObjectNode object, ObjectNode old, String subresource) {}

    /**
     * Adjusts a new object before it is stored, knowing who creates it (CertificateSigningRequests
     * record their requester); by default {@link #prepareForCreate(ObjectNode)}.
     */
    default void prepareForCreate(ObjectNode object, WriteOptions options) {
        prepareForCreate(object);
    }

    /** True when metadata.generation tracks changes of the spec. */
    default boolean tracksGeneration() {
        return false;
    }

    /**
     * Whether a change of {@code status} alone leaves metadata.generation as it was; false for a
     * custom resource without a status subresource, whose whole content outside metadata is its
     * spec (upstream bumps the generation on any of its changes).
     */
    default boolean generationIgnoresStatus() {
        return true;
    }

    /** The fields a field selector may use besides metadata.name and metadata.namespace. */
    default Set<String> selectableFields() {
        return Set.of();
    }

    /**
     * Reserves what the object needs from a shared pool (service IPs and node ports) before it
     * is stored; {@code old} is null on create. Returns how to give it back if the write fails.
     * A dry run checks what it would take and takes nothing.
     */
    default Runnable allocate(ObjectNode object, ObjectNode old, boolean dryRun) {
        return () -> { };
    }

    /** Gives back what {@code old} held and {@code object} (null after a delete) no longer does. */
    default void release(ObjectNode old, ObjectNode object) {}

    /** True when a PUT of a missing object creates it. */
    /**
     * Whether an update of an object being deleted with no finalizers left removes it (upstream's
     * ShouldDeleteDuringUpdate); a namespace also waits for its {@code spec.finalizers}.
     */
    default boolean deleteDuringUpdate(ObjectNode object) {
        return true;
    }

    default boolean allowCreateOnUpdate() {
        return false;
    }

    /** {@code object} at {@code apiVersion}: another version of the same kind, as stored or served. */
    default ObjectNode convert(ObjectNode object, String apiVersion) {
        return Conversions.convert(object, apiVersion);
    }

    /**
     * Drops the fields of {@code object} (of fabric8 class {@code model}) that its schema does not
     * know; the paths dropped, such as {@code spec.foo}, for field validation to report.
     */
    default List<String> removeUnknownFields(ObjectNode object, Class<?> model) {
        return UnknownFields.removeFrom(object, model);
    }

    /** Adjusts an object as read from the store (a custom resource's schema defaults). */
    default void decoded(ObjectNode object) {}

    /** False when a strategic merge patch is refused (custom resources, as upstream). */
    default boolean strategicMergePatch() {
        return true;
    }

    /** Where the {@code scale} subresource reads and writes. */
    default ScalePaths scalePaths() {
        return ScalePaths.WORKLOADS;
    }

    /** How {@code kubectl get} shows these objects; null for the printers of built-in kinds. */
    default TablePrinter tablePrinter() {
        return null;
    }

    /** Why a create is refused right now (a CustomResourceDefinition being deleted), or null. */
    default String refuseCreate() {
        return null;
    }

    /** The OpenAPI v3 schema published for this kind when it is not built in, or null. */
    default ObjectNode openApiSchema() {
        return null;
    }

    /**
     * A finalizer the first delete adds, so that a controller finishes the deletion
     * (CustomResourceDefinitions' {@code customresourcecleanup.apiextensions.k8s.io}); null for none.
     */
    default String deletionFinalizer() {
        return null;
    }
}
