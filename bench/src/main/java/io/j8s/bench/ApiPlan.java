package io.j8s.bench;

import java.time.Duration;

/**
 * How long {@link ApiWorkload} measures each figure.
 *
 * @param warmUp how long the request mix runs, unmeasured, before it is measured
 * @param mix how long the request mix is measured
 * @param listRounds how many full lists of {@link ApiWorkload#LIST_PODS} pods to time
 * @param watchChanges how many changes the {@link ApiWorkload#WATCHERS} watchers must hear of
 * @param capacityStep how long each rate of the capacity search runs
 */
record ApiPlan(Duration warmUp, Duration mix, int listRounds, int watchChanges,
        Duration capacityStep) {

    /** Every headline figure, briefly. */
    static ApiPlan quick() {
        return new ApiPlan(Duration.ofSeconds(1), Duration.ofSeconds(4), 5, 10,
                Duration.ofMillis(1500));
    }

    /** The default: long enough for steady figures. */
    static ApiPlan full() {
        return new ApiPlan(Duration.ofSeconds(5), Duration.ofSeconds(30), 30, 20,
                Duration.ofSeconds(5));
    }

    ApiPlan withMix(Duration mix) {
        return new ApiPlan(warmUp, mix, listRounds, watchChanges, capacityStep);
    }
}
