package io.j8s.kubelet.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CRI log format as containerd writes it, read back line by line. */
class CriLogReaderTest {
    @TempDir
    Path dir;

    private final CriLogReader reader = new CriLogReader(Duration.ofMillis(10));

    private List<String> read(Path file, CriLogReader.Options options) throws Exception {
        List<String> lines = new ArrayList<>();
        reader.read(file, options, (at, text) -> lines.add(at + " " + text), () -> false);
        return lines;
    }

    @Test
    void partialLinesJoinPerStreamAndKeepTheTimeOfTheirFirstPart() throws Exception {
        // containerd trims trailing zeros of the fraction; stdout and stderr interleave.
        Path log = dir.resolve("0.log");
        Files.writeString(log, """
                2026-12-06T14:24:11.1Z stdout P abc
                2026-12-06T14:24:11.19103526Z stderr P err-
                2026-12-06T14:24:11.2Z stdout P def
                2026-12-06T14:24:11.3Z stderr F end
                2026-12-06T14:24:11.4Z stdout F ghi
                garbage that is not a log line
                2026-12-06T14:24:12Z stdout F
                2026-12-06T14:24:13Z stdout F written without its newline yet""".strip());
        assertThat(read(log, new CriLogReader.Options(null, null, false))).containsExactly(
                "2026-12-06T14:24:11.191035260Z err-end",
                "2026-12-06T14:24:11.100Z abcdefghi",
                "2026-12-06T14:24:12Z ");
    }

    @Test
    void tailCountsJoinedLinesAndSinceDropsOlderOnes() throws Exception {
        Path log = dir.resolve("0.log");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            text.append(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i)).append(" stdout F line ")
                    .append(i).append('\n');
        }
        Files.writeString(log, text);
        assertThat(read(log, new CriLogReader.Options(3L, null, false)))
                .extracting(l -> l.substring(l.indexOf(' ') + 1)).containsExactly("line 7", "line 8", "line 9");
        assertThat(read(log, new CriLogReader.Options(0L, null, false))).isEmpty();
        assertThat(read(log, new CriLogReader.Options(null, Instant.parse("2026-01-01T00:00:08Z"), false)))
                .extracting(l -> l.substring(l.indexOf(' ') + 1)).containsExactly("line 8", "line 9");
    }

    @Test
    void aMissingFileIsAnEmptyLog() throws Exception {
        assertThat(read(dir.resolve("gone.log"), new CriLogReader.Options(null, null, true))).isEmpty();
    }
}
