package io.j8s.kubelet.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.kubelet.runtime.ContainerStatus.State;
import io.j8s.kubelet.server.TestRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Size-based rotation: renamed with a time suffix, reopened by the runtime, at most N files. */
class ContainerLogRotationTest {
    @TempDir
    Path dir;

    private static final class SteppingClock extends Clock {
        private Instant now = Instant.parse("2026-01-02T03:04:05Z");

        @Override
        public Instant instant() {
            return now;
        }

        void step() {
            now = now.plusSeconds(1);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void keepsAtMostFiveFilesPerContainerTheNewestOnes() throws Exception {
        Path log = Files.createDirectories(dir.resolve("pods/default_web_1/app")).resolve("0.log");
        Path quiet = dir.resolve("pods/default_web_1/side.log");
        Files.writeString(log, "");
        Files.writeString(quiet, "small\n");
        TestRuntime runtime = new TestRuntime();
        runtime.container("c-app", "app", State.RUNNING, log);
        runtime.container("c-side", "side", State.RUNNING, quiet);
        SteppingClock clock = new SteppingClock();
        ContainerLogRotation rotation = new ContainerLogRotation(runtime, 100, 5, clock);
        for (int i = 0; i < 8; i++) {
            Files.writeString(log, ("round " + i + " ").repeat(20) + "\n", StandardOpenOption.APPEND);
            rotation.rotate();
            clock.step();
            assertThat(files(log.getParent())).hasSizeLessThanOrEqualTo(5);
        }
        assertThat(runtime.reopened).hasValue(8);
        // Rotated at 03:04:05 to 03:04:12; the four newest stay beside the current file.
        assertThat(files(log.getParent())).containsExactly("0.log", "0.log.20260102-030409",
                "0.log.20260102-030410", "0.log.20260102-030411", "0.log.20260102-030412");
        assertThat(Files.readString(log.resolveSibling("0.log.20260102-030412"))).startsWith("round 7 ");
        assertThat(Files.size(log)).isZero();
        assertThat(Files.readString(quiet)).isEqualTo("small\n");
    }

    @Test
    void aSmallLogAndAStoppedContainerAreLeftAlone() throws Exception {
        Path log = dir.resolve("0.log");
        Files.writeString(log, "x".repeat(500));
        TestRuntime runtime = new TestRuntime();
        runtime.container("c", "app", State.EXITED, log);
        new ContainerLogRotation(runtime, 100, 5, Clock.systemUTC()).rotate();
        new ContainerLogRotation(runtime, 1000, 5, Clock.systemUTC()).rotate();
        assertThat(files(dir)).containsExactly("0.log");
        assertThat(runtime.reopened).hasValue(0);
    }

    private static List<String> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
