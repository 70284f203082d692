package io.j8s.apiserver.registry;

/**
 * How a write is to be done.
 *
 * @param dryRun true for {@code dryRun=All}: everything but storing
 * @param fieldManager who writes, for managedFields; empty owns nothing
 * @param apply true for a server-side apply: the patch itself keeps managedFields, and a patch
 *     of a missing object creates it from an empty one
 */
public record WriteOptions(boolean dryRun, String fieldManager, boolean apply) {
    public static final WriteOptions DEFAULT = new WriteOptions(false, "", false);
}
