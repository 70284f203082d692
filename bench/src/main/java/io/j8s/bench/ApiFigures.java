package io.j8s.bench;

import java.util.List;

/**
 * What {@link ApiWorkload} measured on one backend; a figure that failed has no samples.
 *
 * @param create POSTs of the request mix, from their scheduled start
 * @param update PUTs of the request mix (a retry after a 409 is a request of its own)
 * @param get GETs of the request mix
 * @param mutating creates and updates together
 * @param mixRate the requests per second the mix completed
 * @param conflicts updates answered 409
 * @param list one list of {@link ApiWorkload#LIST_PODS} pods with {@code resourceVersion=0}
 * @param watch from just before a change to its event at a watcher, every watcher and change
 * @param watchMissed watcher-change pairs that never arrived
 * @param failures why figures are missing
 * @param capacity the mix at rising rates, and the highest one held
 * @param cpuMillisPerRequest CPU time of the whole JVM (server, clients, an in-process store) per
 *     request of the mix: unlike the latencies, it hardly moves with the machine's load
 */
record ApiFigures(Percentiles create, Percentiles update, Percentiles get, Percentiles mutating,
        double mixRate, long conflicts, Percentiles list, Percentiles watch, long watchMissed,
        List<String> failures, Capacity capacity, double cpuMillisPerRequest) {

    ApiFigures {
        failures = List.copyOf(failures);
    }
}
