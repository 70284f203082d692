package io.j8s.store.sqlite;

/** The half-open range of keys {@code [start, end)} that start with a prefix, in byte order. */
record KeyRange(String start, String end) {

    /** Every key that starts with {@code prefix}, from {@code continueKey} on when it is given. */
    static KeyRange of(String prefix, String continueKey) {
        String end = prefixEnd(prefix);
        String start = prefix;
        if (continueKey != null && continueKey.compareTo(start) > 0) {
            start = continueKey;
        }
        return new KeyRange(start, end);
    }

    /**
     * The smallest string greater than every string that starts with {@code prefix}, or a string
     * above every key when the prefix is empty. Keys are ASCII, as the API server builds them.
     */
    static String prefixEnd(String prefix) {
        if (prefix.isEmpty()) {
            return "\uffff";
        }
        char last = prefix.charAt(prefix.length() - 1);
        return prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
    }
}
