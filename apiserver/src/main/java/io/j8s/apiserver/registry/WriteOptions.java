package io.j8s.apiserver.registry;

/**
 * How a write is to be done.
 *
 * @param dryRun true for {@code dryRun=All}: everything but storing
 * @param fieldManager who writes, for managedFields
 */
public record WriteOptions(boolean dryRun, String fieldManager) {
    public static final WriteOptions DEFAULT = new WriteOptions(false, "");
}
