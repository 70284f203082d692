package io.j8s.store;

/** A read or watch asked for a revision older than the last compaction (the API's 410 Gone). */
public final class CompactedException extends StoreException {
    private final long compactRevision;

    public CompactedException(long requested, long compactRevision) {
        super("revision " + requested + " has been compacted; the oldest available is "
                + compactRevision);
        this.compactRevision = compactRevision;
    }

    public long compactRevision() {
        return compactRevision;
    }
}
