package io.j8s.scheduler.plugins.prioritysort;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.QueuedPodInfo;
import io.j8s.scheduler.plugins.PluginFixtures;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PrioritySortTest {
    private final PrioritySort sort = new PrioritySort(null, null);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static QueuedPodInfo queued(int priority, Instant at) {
        Pod p = PluginFixtures.pod("p");
        p.getSpec().setPriority(priority);
        return QueuedPodInfo.of(p, at);
    }

    @Test
    void higherPriorityGoesFirst() {
        assertTrue(sort.less(queued(100, T0.plusSeconds(5)), queued(10, T0)));
        assertFalse(sort.less(queued(10, T0), queued(100, T0.plusSeconds(5))));
    }

    @Test
    void samePriorityEarlierFirst() {
        assertTrue(sort.less(queued(5, T0), queued(5, T0.plusMillis(1))));
        assertFalse(sort.less(queued(5, T0.plusMillis(1)), queued(5, T0)));
        assertFalse(sort.less(queued(5, T0), queued(5, T0)), "equal pods: neither is less");
    }

    @Test
    void noPriorityCountsAsZero() {
        QueuedPodInfo none = QueuedPodInfo.of(PluginFixtures.pod("p"), T0);
        assertTrue(sort.less(queued(1, T0.plusSeconds(1)), none));
        assertTrue(sort.less(none, queued(-1, T0)));
    }
}
