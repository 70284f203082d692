package io.j8s.store;

/** Receives the events of one {@link Watch}. Calls for one watch never overlap. */
public interface WatchListener {

    /** One change, in revision order. */
    void onEvent(WatchEvent event);

    /**
     * The watch ended without being closed by its owner: the store was closed ({@code cause} null) or
     * the watch can no longer continue (a {@link CompactedException}, say). No event follows.
     */
    default void onClosed(StoreException cause) {}
}
