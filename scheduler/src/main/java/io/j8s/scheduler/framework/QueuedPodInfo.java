package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.Set;

/**
 * A pending pod as the queue holds it: the pod, when it was (re)queued, how often it was tried,
 * when it was first tried, and the plugins that rejected it last time (which cluster events can
 * move it back is decided from them).
 */
public record QueuedPodInfo(Pod pod, Instant timestamp, int attempts, Instant initialAttempt,
        Set<String> unschedulablePlugins) {
    public QueuedPodInfo {
        unschedulablePlugins = Set.copyOf(unschedulablePlugins);
    }

    public static QueuedPodInfo of(Pod pod, Instant now) {
        return new QueuedPodInfo(pod, now, 0, null, Set.of());
    }

    /** Its priority, {@code spec.priority} or 0. */
    public int priority() {
        return PodInfo.priority(pod);
    }
}
