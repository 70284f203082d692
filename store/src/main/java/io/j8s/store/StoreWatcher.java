package io.j8s.store;

/** The watching part of {@link Store}. */
public interface StoreWatcher {

    /**
     * Watches every key that starts with {@code prefix}. The listener receives, in revision order and
     * exactly once, every change with a revision greater than {@code fromRevision}; 0 means "from the
     * current revision on". Events are delivered on a thread of the store, one at a time per watch.
     *
     * <p>If {@code fromRevision} is older than the last compaction the watch ends at once through
     * {@link WatchListener#onClosed} with a {@link CompactedException}.
     */
    Watch watch(String prefix, long fromRevision, WatchListener listener);
}
