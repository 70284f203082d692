package io.j8s.store;

/** The writing half of {@link Store}. Each method returns once the write is durable. */
public interface StoreWriter {

    /** Pass as {@code expectedModRevision} to write whatever the key's current revision is. */
    long ANY_REVISION = 0;

    /**
     * Creates a key that does not exist.
     *
     * @return the stored key-value, whose create and mod revisions are the new revision
     * @throws KeyExistsException if the key exists
     */
    KeyValue create(String key, byte[] value);

    /**
     * Replaces the value of an existing key whose mod revision is {@code expectedModRevision}.
     *
     * @return the stored key-value with its new mod revision
     * @throws KeyNotFoundException if the key does not exist
     * @throws ConflictException if the key was modified since {@code expectedModRevision}
     */
    KeyValue update(String key, byte[] value, long expectedModRevision);

    /**
     * Deletes an existing key whose mod revision is {@code expectedModRevision}.
     *
     * @return the value the key held, and the revision of the deletion
     * @throws KeyNotFoundException if the key does not exist
     * @throws ConflictException if the key was modified since {@code expectedModRevision}
     */
    Deleted delete(String key, long expectedModRevision);

    /** What a delete removed: the last value of the key, and the revision the delete was given. */
    record Deleted(KeyValue previous, long revision) {}
}
