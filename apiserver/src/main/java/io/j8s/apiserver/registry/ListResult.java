package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One page of a list.
 *
 * @param continueToken empty when this is the last page
 * @param remainingItemCount how many more objects the list holds, or null when not known
 */
public record ListResult(List<ObjectNode> items, String resourceVersion, String continueToken,
        Long remainingItemCount) {}
