package io.j8s.bench;

import java.time.Duration;

/**
 * How long {@link StoreWorkload} measures each figure.
 *
 * @param warmUp how long to exercise a backend, unmeasured, before the first figure
 * @param measure how long each rate measurement, and the watch, runs
 * @param listRounds how many full lists of {@link StoreWorkload#LIST_KEYS} keys to time
 */
record StorePlan(Duration warmUp, Duration measure, int listRounds) {

    /** Every figure, briefly: both backends fit in well under a minute. */
    static StorePlan quick() {
        return new StorePlan(Duration.ofSeconds(1), Duration.ofSeconds(2), 10);
    }

    /** The default: long enough for steady figures; both backends take a few minutes. */
    static StorePlan full() {
        return new StorePlan(Duration.ofSeconds(4), Duration.ofSeconds(10), 50);
    }

    StorePlan withMeasure(Duration measure) {
        return new StorePlan(warmUp, measure, listRounds);
    }
}
