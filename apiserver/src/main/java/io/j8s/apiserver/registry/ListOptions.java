package io.j8s.apiserver.registry;

import io.j8s.api.selectors.FieldSelector;
import io.j8s.api.selectors.LabelSelector;

/**
 * The query of a list or watch.
 *
 * @param resourceVersion as sent: empty for "most recent", "0" for "any", or a revision
 * @param resourceVersionMatch empty, {@code Exact} or {@code NotOlderThan}
 * @param limit the most items per page; 0 for all
 * @param continueToken from the previous page, or empty
 * @param allowBookmarks whether a watch may send BOOKMARK events
 * @param timeoutSeconds how long a watch runs; 0 for no limit
 */
public record ListOptions(
        LabelSelector labelSelector,
        FieldSelector fieldSelector,
        String resourceVersion,
        String resourceVersionMatch,
        int limit,
        String continueToken,
        boolean allowBookmarks,
        long timeoutSeconds) {

    public static ListOptions all() {
        return new ListOptions(LabelSelector.parse(""), FieldSelector.parse(""), "", "", 0, "",
                false, 0);
    }
}
