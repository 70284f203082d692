package io.j8s.apiserver;

/** A running API server. */
public interface ApiServer extends AutoCloseable {

    static ApiServerBuilder builder() {
        return new ApiServerBuilder();
    }

    /** The port it listens on (the one asked for, or the one picked for port 0). */
    int port();

    /** Stops serving; open watches end. The store stays open: it is the caller's. */
    @Override
    void close();
}
