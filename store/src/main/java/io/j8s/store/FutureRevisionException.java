package io.j8s.store;

/** A read or compaction named a revision newer than the store has reached. */
public final class FutureRevisionException extends StoreException {
    private final long requested;
    private final long current;

    public FutureRevisionException(long requested, long current) {
        super("revision " + requested + " is in the future; the current revision is " + current);
        this.requested = requested;
        this.current = current;
    }

    public long requested() {
        return requested;
    }

    /** The store's revision when it refused. */
    public long current() {
        return current;
    }
}
