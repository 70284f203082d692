package io.j8s.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOfOneHundredSamples() {
        long[] ms = LongStream.rangeClosed(1, 100).map(i -> (101 - i) * 1_000_000).toArray();

        Percentiles p = Percentiles.of(ms);

        assertThat(p.count()).isEqualTo(100);
        assertThat(p.millis(50)).isEqualTo(50.0);
        assertThat(p.millis(99)).isEqualTo(99.0);
        assertThat(p.maxMillis()).isEqualTo(100.0);
    }

    @Test
    void fewSamplesGiveTheWorstForHighPercentiles() {
        Percentiles p = Percentiles.of(new long[] {3_000_000, 1_000_000, 2_000_000});

        assertThat(p.millis(50)).isEqualTo(2.0);
        assertThat(p.millis(99)).isEqualTo(3.0);
    }

    @Test
    void doesNotSeeLaterChangesToTheSamples() {
        long[] samples = {1_000_000};
        Percentiles p = Percentiles.of(samples);
        samples[0] = 9_000_000;

        assertThat(p.millis(50)).isEqualTo(1.0);
    }

    @Test
    void noSamplesIsNotANumber() {
        Percentiles p = Percentiles.of(new long[0]);

        assertThat(p.millis(99)).isNaN();
        assertThatThrownBy(() -> p.nanos(99)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void recorderCollectsFromManyThreads() throws InterruptedException {
        LatencyRecorder recorder = new LatencyRecorder();
        Thread[] threads = new Thread[8];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 10_000; i++) {
                    recorder.record(1_000_000);
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }

        assertThat(recorder.count()).isEqualTo(80_000);
        assertThat(recorder.percentiles().millis(99)).isEqualTo(1.0);
    }
}
