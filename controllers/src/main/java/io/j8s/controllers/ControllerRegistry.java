package io.j8s.controllers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The controllers the manager knows, by the names upstream's {@code --controllers} flag uses,
 * in the order they start. Each entry is one line: its package holds the rest.
 */
final class ControllerRegistry {
    private ControllerRegistry() {}

    static Map<String, Function<ControllerContext, Controller>> all() {
        Map<String, Function<ControllerContext, Controller>> all = new LinkedHashMap<>();
        // Entries are added here, one per controller package, e.g.
        // all.put("replicaset", io.j8s.controllers.replicaset.ReplicaSetController::new);
        all.put("job", io.j8s.controllers.job.JobController::new);
        all.put("cronjob", io.j8s.controllers.cronjob.CronJobController::new);
        all.put("ttl-after-finished",
                io.j8s.controllers.ttlafterfinished.TtlAfterFinishedController::new);
        all.put("pod-garbage-collector", io.j8s.controllers.podgc.PodGcController::new);
        return all;
    }
}
