package io.j8s.store;

/** A create named a key that exists. */
public final class KeyExistsException extends StoreException {
    public KeyExistsException(String key) {
        super("key already exists: " + key);
    }
}
