package io.j8s.scheduler.plugins.prioritysort;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.scheduler.framework.FrameworkHandle;
import io.j8s.scheduler.framework.QueueSortPlugin;
import io.j8s.scheduler.framework.QueuedPodInfo;

/** Higher priority first, then the earlier queued (placeholder; see package-info). */
public final class PrioritySort implements QueueSortPlugin {
    public PrioritySort(JsonNode args, FrameworkHandle handle) {}

    @Override
    public String name() {
        return "PrioritySort";
    }

    @Override
    public boolean less(QueuedPodInfo a, QueuedPodInfo b) {
        int pa = a.priority();
        int pb = b.priority();
        return pa > pb || (pa == pb && a.timestamp().isBefore(b.timestamp()));
    }
}
