package io.j8s.store;

import java.util.Objects;

/**
 * One change seen by a watch.
 *
 * @param type {@link Type#PUT} for a create or update, {@link Type#DELETE} for a delete
 * @param key the key that changed
 * @param revision the revision of the change
 * @param current the key-value after a PUT; null after a DELETE
 * @param previous the key-value before the change; null after a create
 */
public record WatchEvent(Type type, String key, long revision, KeyValue current, KeyValue previous) {

    public enum Type { PUT, DELETE }

    public WatchEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
        if ((type == Type.PUT) != (current != null)) {
            throw new IllegalArgumentException("a PUT carries the current value, a DELETE does not");
        }
    }

    public static WatchEvent put(KeyValue current, KeyValue previous) {
        return new WatchEvent(Type.PUT, current.key(), current.modRevision(), current, previous);
    }

    public static WatchEvent delete(KeyValue previous, long revision) {
        return new WatchEvent(Type.DELETE, previous.key(), revision, null, previous);
    }

    /** True for the PUT that created the key. */
    public boolean isCreate() {
        return type == Type.PUT && current.createRevision() == current.modRevision();
    }
}
