package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.catalogue.ResourceType;
import java.util.function.Supplier;

/**
 * The admission steps of a write: mutation before validation, checks after it (throw to
 * refuse), and {@link #aroundCreate} around a create's checks and store write.
 */
interface Admission {
    default void mutateCreate(ResourceType type, ObjectNode object, WriteOptions options) {}

    default void mutateUpdate(ResourceType type, ObjectNode object, ObjectNode old,
            String subresource, WriteOptions options) {}

    default void admitCreate(ResourceType type, ObjectNode object, WriteOptions options) {}

    default void admitUpdate(ResourceType type, ObjectNode object, ObjectNode old,
            String subresource, WriteOptions options) {}

    /** Runs {@code checkAndWrite}: the validating admission and the store write of a create. */
    default <T> T aroundCreate(ResourceType type, ObjectNode object, boolean dryRun,
            Supplier<T> checkAndWrite) {
        return checkAndWrite.get();
    }

    /** Checks a write against who makes it ({@link WriteCheck}); {@code user} never null. */
    default void checkWrite(ResourceType type, String subresource, ObjectNode object,
            ObjectNode old, io.j8s.apiserver.authn.UserInfo user) {}

    /** After an update ({@code object} the stored result) or a delete ({@code object} null). */
    default void written(ResourceType type, ObjectNode old, ObjectNode object) {}

    /** Refuses the delete of {@code old}, before anything of it changes. */
    default void admitDelete(ResourceType type, ObjectNode old, WriteOptions options) {}

    Admission NONE = new Admission() {};
}
