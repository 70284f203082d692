package io.j8s.kubelet.volumes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a container reading a configMap volume sees while the kubelet rewrites it. */
class AtomicWriterTest {
    @TempDir
    Path dir;

    @Test
    void aReaderNeverSeesAMissingOrPartialFileWhileVersionsAreSwapped() throws Exception {
        AtomicWriter.write(dir, Map.of("config.yaml", FileProjection.of("version: 0\n", 0644)));
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> seen = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            while (writing.get()) {
                try {
                    String text = Files.readString(dir.resolve("config.yaml"));
                    if (!text.matches("version: \\d+\n")) {
                        seen.add("partial: " + text);
                    }
                } catch (Exception e) {
                    seen.add(e.toString());
                }
            }
        });
        try {
            for (int version = 1; version <= 200; version++) {
                AtomicWriter.write(dir, Map.of("config.yaml", FileProjection.of("version: " + version + "\n", 0644)));
            }
        } finally {
            writing.set(false);
            reader.join();
        }
        assertThat(seen).isEmpty();
        assertThat(Files.readString(dir.resolve("config.yaml"))).isEqualTo("version: 200\n");
        try (var entries = Files.list(dir)) {
            assertThat(entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("..")))
                    .as("..data, the current version and the one it replaced").hasSize(3);
        }
    }

    @Test
    void aLeftoverOfAnInterruptedWriteIsCleanedUpByTheNextOne() throws Exception {
        AtomicWriter.write(dir, Map.of("a", FileProjection.of("1", 0644)));
        Files.createDirectory(dir.resolve("..2026_12_06_14_00_00.123"));
        Files.createSymbolicLink(dir.resolve(AtomicWriter.NEW_DATA_DIR), Path.of("..2026_12_06_14_00_00.123"));

        AtomicWriter.write(dir, Map.of("a", FileProjection.of("2", 0644)));

        assertThat(Files.readString(dir.resolve("a"))).isEqualTo("2");
        assertThat(dir.resolve("..2026_12_06_14_00_00.123")).doesNotExist();
        assertThat(Files.exists(dir.resolve(AtomicWriter.NEW_DATA_DIR), java.nio.file.LinkOption.NOFOLLOW_LINKS))
                .isFalse();
    }

    @Test
    void pathsThatWouldEscapeOrClashWithTheReservedNamesAreRefused() {
        assertThatThrownBy(() -> AtomicWriter.write(dir, Map.of("../x", FileProjection.of("", 0644))))
                .hasMessage("invalid path: must not contain '..': ../x");
        assertThatThrownBy(() -> AtomicWriter.write(dir, Map.of("/etc/x", FileProjection.of("", 0644))))
                .hasMessage("invalid path: must be relative path: /etc/x");
        assertThatThrownBy(() -> AtomicWriter.write(dir, Map.of("..data/x", FileProjection.of("", 0644))))
                .hasMessage("invalid path: must not start with '..': ..data/x");
    }
}
