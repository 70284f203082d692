package io.j8s.scheduler.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PodPlacementTest {
    @Test
    void theShareOfNodesToFindAdaptsToTheClusterSizeAsUpstream() {
        assertThat(PodPlacement.numFeasibleNodesToFind(0, 50)).isEqualTo(50);
        assertThat(PodPlacement.numFeasibleNodesToFind(0, 100)).isEqualTo(100);
        assertThat(PodPlacement.numFeasibleNodesToFind(0, 250)).isEqualTo(120); // 48%
        assertThat(PodPlacement.numFeasibleNodesToFind(0, 1000)).isEqualTo(420); // 42%
        assertThat(PodPlacement.numFeasibleNodesToFind(0, 5000)).isEqualTo(500); // 10%
        assertThat(PodPlacement.numFeasibleNodesToFind(0, 10000)).isEqualTo(500); // 5% floor
        assertThat(PodPlacement.numFeasibleNodesToFind(1, 5000)).isEqualTo(100); // 100 floor
        assertThat(PodPlacement.numFeasibleNodesToFind(100, 5000)).isEqualTo(5000);
    }
}
