package io.j8s.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StoreBenchTest {
    private static final Percentiles WATCH = Percentiles.of(new long[] {1_000_000, 3_456_000});
    private static final Percentiles LIST = Percentiles.of(new long[] {40_000_000});

    @Test
    void summaryGivesRatiosAndSqliteWatchP99() {
        StoreFigures sqlite = new StoreFigures(2000, 9000, 50000, LIST, WATCH, 0, List.of());
        StoreFigures etcd = new StoreFigures(800, 3000, 5000, LIST, WATCH, 0, List.of(), 1000,
                4000);

        assertThat(StoreBench.summary(sqlite, etcd)).isEqualTo("store sqlite/etcd-writes-1c=2.50"
                + " sqlite/etcd-writes-64c=3.00 etcd/raw-writes-1c=0.80 watch-p99-ms=3.46");
    }

    @Test
    void theRawEtcdRatesStandBesideTheBackendsOnTheWriteRows() {
        StoreFigures sqlite = new StoreFigures(2000, 9000, 50000, LIST, WATCH, 0, List.of());
        StoreFigures etcd = new StoreFigures(800, 3000, 5000, LIST, WATCH, 0, List.of(), 1000,
                4000);

        String table = StoreBench.table(sqlite, etcd, StorePlan.quick()).render();

        assertThat(table).containsPattern(
                "writes/s, 1 client.* \\| +2,000 \\| +800 \\| +2.50 \\| +1,000 \\| +0.80 \\|");
        assertThat(table).containsPattern("writes/s, 64 clients +\\| +9,000 \\| +3,000 \\| +3.00"
                + " \\| +4,000 \\| +0.75 \\|");
        assertThat(table).containsPattern("reads/s.* \\| +10.00 \\| +\\| +\\|");
    }

    @Test
    void aFailedFigureShowsAsNotAvailableWithItsReason() {
        StoreFigures sqlite = new StoreFigures(2000, 9000, 50000, LIST, WATCH, 0, List.of());
        StoreFigures etcd = new StoreFigures(800, 3000, 5000, Percentiles.of(new long[0]), WATCH, 0,
                List.of("list of 10,000 keys: message too large"));

        String table = StoreBench.table(sqlite, etcd, StorePlan.quick()).render();

        assertThat(table).containsPattern(
                "list of 10,000 keys, p50 ms +\\| +40.00 \\| +n/a \\| +n/a \\| +\\| +\\|");
        assertThat(table).contains("n/a: etcd, list of 10,000 keys: message too large");
        assertThat(table).contains("sqlite/etcd above 1 means sqlite is ahead on the /s rows");
    }

    @Test
    void anEtcdStartFailureFitsOnOneLine() {
        String message = "etcd exited with code 1 before answering on http://127.0.0.1:1234; the end of"
                + " /tmp/j8s-etcd-1/etcd.log:\n{\"level\":\"info\",\"msg\":\"starting\"}\n"
                + "{\"level\":\"fatal\",\"msg\":\"cannot access data directory\","
                + "\"error\":\"permission denied\"}";

        assertThat(StoreBench.oneLine(new IllegalStateException(message))).isEqualTo(
                "etcd exited with code 1 before answering on http://127.0.0.1:1234"
                        + " (etcd said: cannot access data directory: permission denied)");
        assertThat(StoreBench.oneLine(new IllegalStateException("cannot run /usr/bin/etcd")))
                .isEqualTo("cannot run /usr/bin/etcd");
    }
}
