package io.j8s.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreWorkloadTest {

    @Test
    void measuresEveryFigureOnTheEmbeddedStore(@TempDir Path dir) {
        StorePlan plan = new StorePlan(Duration.ofMillis(200), Duration.ofMillis(200), 2);
        List<String> progress = new ArrayList<>();

        StoreFigures figures;
        try (Store store = Store.builder().dataDir(dir).retention(Duration.ZERO).open()) {
            figures = new StoreWorkload(store, "sqlite", plan, progress::add).measure();
        }

        assertThat(figures.failures()).isEmpty();
        assertThat(figures.writesOneClient()).isPositive();
        assertThat(figures.writesManyClients()).isPositive();
        assertThat(figures.reads()).isPositive();
        assertThat(figures.list().count()).isEqualTo(2);
        assertThat(figures.watch().count()).isEqualTo(100);
        assertThat(figures.watchMissed()).isZero();
        assertThat(progress).anyMatch(line -> line.startsWith("sqlite: watch delivery: n=100"));
    }
}
