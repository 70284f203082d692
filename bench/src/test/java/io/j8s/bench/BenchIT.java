package io.j8s.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code j8s bench store --quick} from the bench jar, which {@code ./j8s bench} runs (the README's
 * way), to check that the packaged benchmark runs at all; the figures are not asserted.
 */
class BenchIT {
    @Test
    void theStoreBenchmarkPrintsItsTableAndSummaryLine() throws Exception {
        Process p = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", "target/j8s-bench.jar", "store", "--quick")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        List<String> lines = out.lines().toList();
        assertThat(lines).anyMatch(l -> l.startsWith("| writes/s, 1 client"));
        assertThat(lines.getLast()).matches(
                "store sqlite/etcd-writes-1c=\\d+\\.\\d\\d sqlite/etcd-writes-64c=\\d+\\.\\d\\d"
                        + " etcd/raw-writes-1c=\\d+\\.\\d\\d"
                        + " watch-p99-ms=\\d+\\.\\d+");
    }
}
