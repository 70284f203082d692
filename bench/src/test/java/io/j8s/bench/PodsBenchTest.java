package io.j8s.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PodsBenchTest {

    private static Percentiles millis(long... ms) {
        long[] ns = new long[ms.length];
        for (int i = 0; i < ms.length; i++) {
            ns[i] = ms[i] * 1_000_000;
        }
        return Percentiles.of(ns);
    }

    @Test
    void theSummaryComparesTheSinglePodP99WithCtrs() {
        PodsFigures f = new PodsFigures();
        f.kubelet.put(1, millis(300, 320, 450));
        f.ctr.put(1, millis(150, 170, 180));
        f.sim110Nanos = 2_345_000_000L;

        assertThat(PodsBench.summary(f))
                .isEqualTo("pods single-p99-ms=450 ratio-to-ctr-p99=2.50 sim110-s=2.35");
        String table = PodsBench.table(f).render();
        assertThat(table).contains("| create -> Ready, 1 pod, p99 ms")
                .containsPattern("\\|\\s+450 \\|\\s+180 \\|\\s+2.50 \\| <= 1.5x, < 2,000 \\| NO/yes \\|")
                .containsPattern("110 pods on 1 node.*\\|\\s+2.35 \\|.*\\|\\s+< 3 \\|\\s+yes \\|");
    }

    @Test
    void whatWasNotMeasuredIsNotAvailableWithTheReason() {
        PodsFigures f = new PodsFigures();
        f.criSkipped = "not root";
        f.failures.add("sim: the server did not start");

        assertThat(PodsBench.summary(f))
                .isEqualTo("pods single-p99-ms=n/a ratio-to-ctr-p99=n/a sim110-s=n/a");
        assertThat(PodsBench.table(f).render()).contains("n/a: not root.")
                .contains("n/a: sim: the server did not start");
    }

    @Test
    void aSinglePodIsRepeatedForAMeaningfulP99() {
        assertThat(CriPart.repetitions(1, false)).isEqualTo(10);
        assertThat(CriPart.repetitions(1, true)).isEqualTo(3);
        assertThat(CriPart.repetitions(10, false)).isEqualTo(3);
        assertThat(CriPart.repetitions(30, false)).isEqualTo(1);
    }

    @Test
    void findsContainerdsSocketInTheServersLog() {
        String log = "2026-12-06T15:00:00.000Z INFO    kubelet: containerd is ready on"
                + " /tmp/d/agent/containerd/containerd.sock after 812 ms\n";

        assertThat(CriPart.socket(log, java.nio.file.Path.of("/x")))
                .hasToString("/tmp/d/agent/containerd/containerd.sock");
        assertThat(CriPart.socket("", java.nio.file.Path.of("/x")))
                .hasToString("/x/agent/containerd/containerd.sock");
    }
}
