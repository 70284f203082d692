package io.j8s.apiserver.table;

/** A {@code TableRowCondition}: upstream marks finished pods {@code Completed}. */
record RowCondition(String type, String status, String reason, String message) {}
