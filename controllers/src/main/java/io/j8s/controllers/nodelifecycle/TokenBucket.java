package io.j8s.controllers.nodelifecycle;

import java.time.Duration;
import java.time.Instant;

/**
 * Upstream's token-bucket rate limiter over the controller's clock: {@code qps} tokens a
 * second, at most {@code burst} saved up.
 */
final class TokenBucket {
    private final double qps;
    private final double burst;
    private double tokens;
    private Instant last;

    TokenBucket(double qps, int burst) {
        this.qps = qps;
        this.burst = burst;
        this.tokens = burst;
    }

    /** Takes a token if there is one. */
    synchronized boolean tryAccept(Instant now) {
        if (last != null && now.isAfter(last)) {
            tokens = Math.min(burst, tokens + qps * Duration.between(last, now).toNanos() / 1e9);
        }
        if (last == null || now.isAfter(last)) {
            last = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** How long until the next token. */
    synchronized Duration untilNext() {
        return Duration.ofMillis((long) Math.ceil(Math.max(0, 1 - tokens) / qps * 1000));
    }
}
