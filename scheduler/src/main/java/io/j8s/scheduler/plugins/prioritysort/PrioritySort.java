package io.j8s.scheduler.plugins.prioritysort;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.scheduler.framework.FrameworkHandle;
import io.j8s.scheduler.framework.Plugin;
import io.j8s.scheduler.framework.QueueSortPlugin;
import io.j8s.scheduler.framework.QueuedPodInfo;

/** Orders the active queue by priority, higher first, then by the time the pod was queued. */
public final class PrioritySort implements Plugin, QueueSortPlugin {
    public static final String NAME = "PrioritySort";

    public PrioritySort(JsonNode args, FrameworkHandle handle) {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean less(QueuedPodInfo a, QueuedPodInfo b) {
        int pa = a.priority();
        int pb = b.priority();
        return pa > pb || (pa == pb && a.timestamp().isBefore(b.timestamp()));
    }
}
