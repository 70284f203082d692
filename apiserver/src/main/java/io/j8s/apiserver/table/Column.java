package io.j8s.apiserver.table;

import java.time.Instant;

/**
 * One column of a Table: upstream's {@code TableColumnDefinition} (name, type, format,
 * description, priority) and how to compute the cell of one object. Priority 0 columns are what
 * {@code kubectl get} prints; priority 1 columns appear with {@code -o wide}. The server always
 * sends both, as upstream does.
 *
 * @param <T> the fabric8 class of the objects
 */
record Column<T>(String name, String type, String format, String description, int priority,
        Cell<T> cell) {

    /** Computes one cell: a String, a Long, or a Boolean, as upstream's cells are. */
    @FunctionalInterface
    interface Cell<T> {
        Object of(T object, Instant now);
    }
}
