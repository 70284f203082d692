package io.j8s.store;

import java.time.Duration;

/**
 * A revisioned key-value store with etcd semantics; the only thing the API server keeps state in.
 *
 * <p>One global revision increases by exactly one per successful write. Every key carries the
 * revision that created it and the one that last modified it. Writes are guarded by the expected
 * {@code modRevision} (compare-and-swap), reads may ask for a past revision until it is compacted,
 * and a watch delivers every change after a revision, in order, exactly once.
 *
 * <p>Every method is thread-safe. Failures are the unchecked {@link StoreException} subtypes.
 * A write that returns has been made durable.
 */
public interface Store extends StoreReader, StoreWriter, StoreWatcher, AutoCloseable {

    /** Starts a builder that opens the backend named by a datastore endpoint. */
    static StoreBuilder builder() {
        return new StoreBuilder();
    }

    /**
     * Drops history at and before {@code revision}: afterwards a list at, or watch from, a revision
     * older than it fails with {@link CompactedException}. The latest value of every key stays.
     *
     * @throws CompactedException if {@code revision} is not newer than the last compaction
     * @throws FutureRevisionException if {@code revision} is newer than the current revision
     */
    void compact(long revision);

    /** The revision of the last compaction, 0 if none. */
    long compactRevision();

    /**
     * Waits until the store answers a read, or throws {@link StoreUnavailableException} naming the
     * endpoint once {@code timeout} passes.
     */
    void awaitReady(Duration timeout);

    /** A short description of the backend for logs, such as {@code sqlite /var/lib/j8s/...}. */
    String describe();

    /** Stops watches and background work and releases the backend. Pending writes finish first. */
    @Override
    void close();
}
