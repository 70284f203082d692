package io.j8s.controllers.replicaset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which pods a shrinking ReplicaSet deletes first, and expectations under fake time. */
class DeletionOrderTest {
    private static Pod pod(String name, String node, String phase, boolean ready, String created) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name)
                .withCreationTimestamp(created).endMetadata().withNewSpec().withNodeName(node)
                .endSpec().withNewStatus().withPhase(phase).endStatus();
        if (ready) {
            b.editStatus().addNewCondition().withType("Ready").withStatus("True")
                    .withLastTransitionTime(created).endCondition().endStatus();
        }
        return b.build();
    }

    @Test
    void unassignedThenPendingThenNotReadyThenNewestGoFirst() {
        Pod runningReadyOld = pod("running-ready-old", "n1", "Running", true,
                "2026-01-01T00:00:00Z");
        Pod runningReadyNew = pod("running-ready-new", "n2", "Running", true,
                "2026-01-02T00:00:00Z");
        Pod runningNotReady = pod("running-not-ready", "n3", "Running", false,
                "2026-01-01T00:00:00Z");
        Pod pending = pod("pending", "n4", "Pending", false, "2026-01-01T00:00:00Z");
        Pod unknown = pod("unknown", "n5", "Unknown", false, "2026-01-01T00:00:00Z");
        Pod unassigned = pod("unassigned", null, "Pending", false, "2026-01-01T00:00:00Z");
        List<Pod> pods = new ArrayList<>(List.of(runningReadyOld, runningReadyNew,
                runningNotReady, pending, unknown, unassigned));
        pods.sort(new DeletionOrder(Map.of()));
        assertThat(pods).extracting(p -> p.getMetadata().getName()).containsExactly(
                "unassigned", "pending", "unknown", "running-not-ready", "running-ready-new",
                "running-ready-old");
    }

    @Test
    void doubledUpPodsAndLowDeletionCostGoFirst() {
        Pod alone = pod("alone", "n1", "Running", true, "2026-01-01T00:00:00Z");
        Pod crowded = pod("crowded", "n2", "Running", true, "2026-01-01T00:00:00Z");
        List<Pod> pods = new ArrayList<>(List.of(alone, crowded));
        pods.sort(new DeletionOrder(Map.of("n1", 1, "n2", 3)));
        assertThat(pods.getFirst().getMetadata().getName()).isEqualTo("crowded");
        alone.getMetadata().setAnnotations(Map.of(DeletionOrder.DELETION_COST, "-10"));
        pods.sort(new DeletionOrder(Map.of("n1", 1, "n2", 3)));
        assertThat(pods.getFirst().getMetadata().getName()).isEqualTo("alone");
    }

    @Test
    void expectationsHoldASyncUntilObservedOrExpired() {
        MutableClock clock = new MutableClock();
        Expectations e = new Expectations(clock);
        assertThat(e.satisfied("ns/rs")).isTrue();
        e.expectCreations("ns/rs", 2);
        assertThat(e.satisfied("ns/rs")).isFalse();
        e.creationObserved("ns/rs");
        assertThat(e.satisfied("ns/rs")).isFalse();
        e.creationObserved("ns/rs");
        assertThat(e.satisfied("ns/rs")).isTrue();
        e.expectDeletions("ns/rs", Set.of("ns/a", "ns/b"));
        e.deletionObserved("ns/rs", "ns/a");
        assertThat(e.satisfied("ns/rs")).isFalse();
        clock.now = clock.now.plus(Expectations.TTL).plus(Duration.ofSeconds(1));
        assertThat(e.satisfied("ns/rs")).isTrue();
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
