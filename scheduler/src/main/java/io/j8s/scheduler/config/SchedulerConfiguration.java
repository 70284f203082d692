package io.j8s.scheduler.config;

import java.time.Duration;
import java.util.List;

/**
 * A validated {@code KubeSchedulerConfiguration}: the profiles and the global knobs, with
 * upstream's defaults (adaptive {@code percentageOfNodesToScore} 0, {@code parallelism} 16,
 * back-off 1 s to 10 s).
 */
public record SchedulerConfiguration(List<Profile> profiles, int percentageOfNodesToScore,
        int parallelism, Duration podInitialBackoff, Duration podMaxBackoff) {
    public static final int DEFAULT_PARALLELISM = 16;

    public SchedulerConfiguration {
        profiles = List.copyOf(profiles);
    }

    /** Upstream's defaults: one profile, {@code default-scheduler}. */
    public static SchedulerConfiguration defaults(java.util.Set<String> registered) {
        return new SchedulerConfiguration(List.of(DefaultProfile.of(DefaultProfile.NAME, registered)),
                0, DEFAULT_PARALLELISM, Duration.ofSeconds(1), Duration.ofSeconds(10));
    }
}
