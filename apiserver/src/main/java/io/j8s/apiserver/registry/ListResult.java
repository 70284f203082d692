package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One page of a list.
 *
 * @param continueToken empty when this is the last page
 * @param remainingItemCount how many more objects the list holds, or null when not known
 * @param encoded each item's JSON, in order, when the watch cache had it at hand (so a list of
 *     thousands of objects is not serialized again per request); null otherwise
 */
public record ListResult(List<ObjectNode> items, String resourceVersion, String continueToken,
        Long remainingItemCount, List<byte[]> encoded) {

    public ListResult(List<ObjectNode> items, String resourceVersion, String continueToken,
            Long remainingItemCount) {
        this(items, resourceVersion, continueToken, remainingItemCount, null);
    }
}
