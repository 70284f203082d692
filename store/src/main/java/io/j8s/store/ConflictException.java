package io.j8s.store;

/** A guarded write expected a mod revision the key no longer has. */
public final class ConflictException extends StoreException {
    private final transient KeyValue current;

    public ConflictException(String key, long expected, KeyValue current) {
        super("key " + key + " was modified: expected revision " + expected + ", found "
                + current.modRevision());
        this.current = current;
    }

    /** The key-value as it is now. */
    public KeyValue current() {
        return current;
    }
}
