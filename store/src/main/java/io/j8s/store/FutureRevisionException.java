package io.j8s.store;

/** A read or compaction named a revision newer than the store has reached. */
public final class FutureRevisionException extends StoreException {
    public FutureRevisionException(long requested, long current) {
        super("revision " + requested + " is in the future; the current revision is " + current);
    }
}
