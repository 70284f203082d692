package io.j8s.store;

/**
 * The store cannot be opened or reached: an endpoint that does not answer, a database file that is
 * corrupt, locked or of an unknown schema, a bad endpoint. The message says what to do.
 */
public final class StoreUnavailableException extends StoreException {
    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
