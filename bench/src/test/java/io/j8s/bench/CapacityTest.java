package io.j8s.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CapacityTest {

    @Test
    void theCapacityIsTheHighestRateWhoseMutatingP99StayedWithin50Ms() {
        Capacity c = new Capacity(List.of(
                new Capacity.Step(500, 500, 12.0, null),
                new Capacity.Step(1000, 998, 49.9, null),
                new Capacity.Step(1500, 1200, 310.0, null)));

        assertThat(c.maxRate()).isEqualTo(1000);
        assertThat(c.open()).isFalse();
        assertThat(c.describe()).isEqualTo("500: 12.0 ms; 1000: 49.9 ms; 1500: 310.0 ms");
    }

    @Test
    void failedRequestsEndTheSearchAndARateHeldAtTheTopLeavesItOpen() {
        Capacity failed = new Capacity(List.of(new Capacity.Step(100, 100, 3.0, null),
                new Capacity.Step(250, Double.NaN, Double.NaN, "create cm-1: HTTP 429")));
        Capacity open = new Capacity(List.of(new Capacity.Step(6000, 6000, 20.0, null)));

        assertThat(failed.maxRate()).isEqualTo(100);
        assertThat(failed.describe()).isEqualTo("100: 3.0 ms; 250 failed");
        assertThat(open.open()).isTrue();
        assertThat(Capacity.NONE.maxRate()).isNaN();
    }
}
