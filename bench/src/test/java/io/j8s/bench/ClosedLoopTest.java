package io.j8s.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class ClosedLoopTest {

    @Test
    void forCallsMakesEachCallOnce() {
        Set<Long> seen = ConcurrentHashMap.newKeySet();

        ClosedLoop.Result result = ClosedLoop.forCalls("test", 8, 1000, (client, n) -> {
            assertThat(seen.add(n)).isTrue();
        });

        assertThat(result.calls()).isEqualTo(1000);
        assertThat(seen).hasSize(1000).allMatch(n -> n >= 0 && n < 1000);
    }

    @Test
    void forDurationStopsOnTimeAndCountsCalls() {
        long start = System.nanoTime();

        ClosedLoop.Result result = ClosedLoop.forDuration("test", 4, Duration.ofMillis(200),
                (client, n) -> Thread.sleep(1));

        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(tookMillis).isBetween(200L, 2000L);
        assertThat(result.calls()).isPositive();
        assertThat(result.perSecond()).isBetween(1.0, 4000.0 + 1);
    }

    @Test
    void aFailingCallFailsTheRunWithItsName() {
        assertThatThrownBy(() -> ClosedLoop.forDuration("writes", 4, Duration.ofSeconds(30),
                (client, n) -> {
                    throw new IllegalStateException("disk full");
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("writes failed: disk full");
    }
}
