package io.j8s.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.apiserver.ApiServer;
import io.j8s.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiWorkloadTest {

    @Test
    void measuresEveryFigureOnASmallServerOverHttpsWithAClientCertificate(@TempDir Path dir) {
        ApiPlan plan = new ApiPlan(Duration.ofMillis(100), Duration.ofMillis(500), 2, 3,
                Duration.ofMillis(300));
        List<String> progress = Collections.synchronizedList(new ArrayList<>());

        ApiFigures figures;
        AdminTls tls = AdminTls.create(dir.resolve("certs"));
        try (Store store = Store.builder().dataDir(dir.resolve("db")).open();
                ApiServer server = ApiServer.builder().store(store).host("127.0.0.1").port(0)
                        .httpOptions(tls.serverOptions()).authenticator(tls.authenticator())
                        .start()) {
            figures = new ApiWorkload(server.port(), tls, "sqlite", plan, 50, 5, progress::add)
                    .measure();
        }

        assertThat(figures.failures()).isEmpty();
        assertThat(figures.create().count() + figures.update().count() + figures.get().count())
                .isGreaterThanOrEqualTo(100);
        assertThat(figures.mutating().count())
                .isEqualTo(figures.create().count() + figures.update().count());
        assertThat(figures.list().count()).isEqualTo(2);
        assertThat(figures.watch().count()).isEqualTo(5 * 3);
        assertThat(figures.watchMissed()).isZero();
        assertThat(figures.cpuMillisPerRequest()).isPositive();
        assertThat(figures.capacity().steps()).isNotEmpty();
        assertThat(figures.capacity().steps().getFirst().failure()).isNull();
        assertThat(ApiBench.summary(figures)).matches(
                "api mutating-p99-ms=\\d+\\.\\d\\d read-p99-ms=\\d+\\.\\d\\d"
                        + " list10k-p99-ms=\\d+\\.\\d\\d watch1000-p99-ms=\\d+\\.\\d\\d"
                        + " max-qps-p99-50ms=\\d+");
    }

    @Test
    void findsTheChangeNumberInAWatchEventLine() {
        byte[] line = ("{\"type\":\"MODIFIED\",\"object\":{\"metadata\":{\"annotations\":{\""
                + PodWatchers.SEQUENCE + "\":\"17\"}}}}").getBytes();

        assertThat(PodWatchers.sequence(line)).isEqualTo(17);
        assertThat(PodWatchers.sequence("{\"type\":\"ADDED\"}".getBytes())).isEqualTo(-1);
    }
}
