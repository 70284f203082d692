package io.j8s.bench;

import java.util.List;

/**
 * What {@link StoreWorkload} measured on one backend.
 *
 * @param writesOneClient creates per second from one client
 * @param writesManyClients creates per second from {@link StoreWorkload#WRITERS} clients
 * @param reads gets per second from {@link StoreWorkload#READERS} clients
 * @param list the time of one list of {@link StoreWorkload#LIST_KEYS} keys
 * @param watch the time from just before a create to its event reaching a watcher
 * @param watchMissed events written but not delivered within the grace period
 * @param failures why figures are missing: a rate is then not a number, a latency has no samples
 * @param rawWritesOneClient plain puts per second straight to etcd from one client, measured in
 *     turns with {@code writesOneClient}; not a number where there is no etcd behind the store
 * @param rawWritesManyClients the same from {@link StoreWorkload#WRITERS} clients
 */
record StoreFigures(double writesOneClient, double writesManyClients, double reads,
        Percentiles list, Percentiles watch, long watchMissed, List<String> failures,
        double rawWritesOneClient, double rawWritesManyClients) {

    StoreFigures {
        failures = List.copyOf(failures);
    }

    /** Figures of a store with no raw etcd measured beside it. */
    StoreFigures(double writesOneClient, double writesManyClients, double reads, Percentiles list,
            Percentiles watch, long watchMissed, List<String> failures) {
        this(writesOneClient, writesManyClients, reads, list, watch, watchMissed, failures,
                Double.NaN, Double.NaN);
    }
}
