package io.j8s.store;

import java.util.List;

/**
 * One page of a list.
 *
 * @param items the key-values of this page, in key order
 * @param revision the revision the page was read at; pass it to the next page's list call
 * @param continueKey the first key of the next page, or null when this is the last page
 * @param remaining how many keys after this page the prefix holds at {@code revision}
 */
public record ListPage(List<KeyValue> items, long revision, String continueKey, long remaining) {

    public ListPage {
        items = List.copyOf(items);
    }

    public boolean hasMore() {
        return continueKey != null;
    }
}
