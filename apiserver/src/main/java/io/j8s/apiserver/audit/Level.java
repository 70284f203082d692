package io.j8s.apiserver.audit;

/** Upstream's audit levels, least to most. */
enum Level {
    None, Metadata, Request, RequestResponse;

    boolean atLeast(Level other) {
        return ordinal() >= other.ordinal();
    }
}
