package io.j8s.apiserver.http;

import java.time.Duration;

/**
 * How much the server takes on at once, as upstream's flags and Go server settings name it.
 *
 * @param maxRequestsInFlight {@code --max-requests-inflight}: read-only requests at once (0: no
 *     limit); upstream's default 400
 * @param maxMutatingRequestsInFlight {@code --max-mutating-requests-inflight}: mutating requests
 *     at once (0: no limit); upstream's default 200
 * @param headerTimeout how long a connection may take to send its first request's headers;
 *     upstream's {@code ReadHeaderTimeout}, 32 s
 * @param idleTimeout how long a kept-alive connection may wait before its next request;
 *     upstream's {@code IdleTimeout}, 90 s
 */
public record ServingLimits(int maxRequestsInFlight, int maxMutatingRequestsInFlight,
        Duration headerTimeout, Duration idleTimeout) {

    public static final ServingLimits UPSTREAM = new ServingLimits(400, 200,
            Duration.ofSeconds(32), Duration.ofSeconds(90));

    public ServingLimits {
        if (maxRequestsInFlight < 0 || maxMutatingRequestsInFlight < 0) {
            throw new IllegalArgumentException("in-flight limits must be 0 (no limit) or more");
        }
        if (headerTimeout.isNegative() || headerTimeout.isZero() || idleTimeout.isNegative()
                || idleTimeout.isZero()) {
            throw new IllegalArgumentException("the header and idle timeouts must be positive");
        }
    }
}
