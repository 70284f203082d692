package io.j8s.apiserver.watchstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WatchTimeoutTest {

    @Test
    void theClientsTimeoutWins() {
        WatchTimeout t = new WatchTimeout(Duration.ofSeconds(1800), new SplittableRandom(1));
        assertThat(t.millis(7)).isEqualTo(7000);
    }

    @Test
    void withoutOneTheServerPicksBetweenTheMinimumAndTwiceIt() {
        WatchTimeout t = new WatchTimeout(Duration.ofSeconds(10), new SplittableRandom(42));
        long lowest = Long.MAX_VALUE;
        long highest = 0;
        for (int i = 0; i < 1000; i++) {
            long m = t.millis(0);
            assertThat(m).isBetween(10_000L, 20_000L);
            lowest = Math.min(lowest, m);
            highest = Math.max(highest, m);
        }
        // spread out, not one fixed value
        assertThat(highest - lowest).isGreaterThan(5_000);
    }

    @Test
    void aMinimumOfZeroLeavesWatchesOpen() {
        WatchTimeout t = new WatchTimeout(Duration.ZERO, new SplittableRandom(1));
        assertThat(t.millis(0)).isZero();
        assertThat(t.millis(3)).isEqualTo(3000);
    }
}
