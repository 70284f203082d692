package io.j8s.apiserver.watchstream;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long the server keeps one watch open, upstream's rule: the client's {@code timeoutSeconds}
 * when it gave one, otherwise a random time between {@code --min-request-timeout} and twice that,
 * so that the watches of many clients do not all end, and list again, at the same moment. A
 * minimum of zero leaves watches without a timeout open until the client goes away.
 */
public record WatchTimeout(Duration minRequestTimeout, RandomGenerator random) {

    /** Milliseconds until the watch ends, or 0 for never. */
    long millis(long timeoutSeconds) {
        if (timeoutSeconds > 0) {
            return timeoutSeconds * 1000;
        }
        long min = minRequestTimeout.toMillis();
        if (min <= 0) {
            return 0;
        }
        return min + (long) (random.nextDouble() * min);
    }
}
