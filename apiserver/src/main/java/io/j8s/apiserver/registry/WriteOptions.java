package io.j8s.apiserver.registry;

import io.j8s.apiserver.authn.UserInfo;

/**
 * How a write is to be done.
 *
 * @param dryRun true for {@code dryRun=All}: everything but storing
 * @param fieldManager who writes, for managedFields; empty owns nothing
 * @param apply true for a server-side apply: the patch itself keeps managedFields, and a patch
 *     of a missing object creates it from an empty one
 * @param user who writes, as authentication found; null when unknown
 */
public record WriteOptions(boolean dryRun, String fieldManager, boolean apply, UserInfo user) {
    public static final WriteOptions DEFAULT = new WriteOptions(false, "", false);

    public WriteOptions(boolean dryRun, String fieldManager, boolean apply) {
        this(dryRun, fieldManager, apply, null);
    }
}
