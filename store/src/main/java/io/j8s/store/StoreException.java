package io.j8s.store;

/** Every failure of a {@link Store}. The subtypes say which one; the message says it to a person. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
