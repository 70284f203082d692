package io.j8s.scheduler.plugins.noderesources;

import io.j8s.scheduler.framework.Resources;
import java.util.List;

/** One resource a scorer looks at, and its weight (upstream's {@code config.ResourceSpec}). */
record ResourceSpec(String name, long weight) {
    static final List<ResourceSpec> DEFAULTS = List.of(new ResourceSpec("cpu", 1), new ResourceSpec("memory", 1));

    /** This resource's amount in {@code r}: millicores for cpu, bytes or units otherwise. */
    long of(Resources r) {
        return switch (name) {
            case "cpu" -> r.milliCpu;
            case "memory" -> r.memory;
            case "ephemeral-storage" -> r.ephemeralStorage;
            default -> r.scalar(name);
        };
    }
}
