package io.j8s.store;

import java.util.Optional;

/** The reading half of {@link Store}. */
public interface StoreReader {

    /** The revision of the newest write, 0 for an empty store. */
    long currentRevision();

    /** The current value of a key, if it exists. */
    Optional<KeyValue> get(String key);

    /**
     * Lists the keys that start with {@code prefix}, in byte order of the key.
     *
     * @param revision the revision to read at; 0 for the current one
     * @param limit the most items to return; 0 for no limit
     * @param continueKey the first key to return (from {@link ListPage#continueKey()}), or null to
     *     start at the beginning of the prefix
     * @throws CompactedException if {@code revision} is older than the last compaction
     * @throws FutureRevisionException if {@code revision} is newer than the current revision
     */
    ListPage list(String prefix, long revision, int limit, String continueKey);

    /** Lists every key under {@code prefix} at the current revision. */
    default ListPage list(String prefix) {
        return list(prefix, 0, 0, null);
    }
}
