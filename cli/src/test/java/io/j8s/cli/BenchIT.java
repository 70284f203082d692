package io.j8s.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code j8s bench store --quick} from the runnable jar, as the README tells a user to run it. */
class BenchIT {
    @Test
    void theStoreBenchmarkPrintsItsTableAndSummaryLine() throws Exception {
        Process p = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", "target/j8s.jar", "bench", "store", "--quick")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        List<String> lines = out.lines().toList();
        assertThat(lines).anyMatch(l -> l.startsWith("| writes/s, 1 client"));
        assertThat(lines.getLast()).matches(
                "store sqlite/etcd-writes-1c=\\d+\\.\\d\\d sqlite/etcd-writes-64c=\\d+\\.\\d\\d"
                        + " watch-p99-ms=\\d+\\.\\d+");
    }
}
