package io.j8s.kubelet.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciArchiveTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void writesAnOciLayoutThatNamesTheImageAndPointsAtItsBlobs() throws IOException {
        Path out = dir.resolve("app.tar");
        OciArchive.image("docker.io/j8s/app:1")
                .file("/app/run.sh", "echo hi\n".getBytes(StandardCharsets.UTF_8), 0755)
                .symlink("bin/run", "/app/run.sh")
                .entrypoint(List.of("/app/run.sh"))
                .cmd(List.of("--now"))
                .workingDir("/app")
                .writeTo(out);

        Map<String, byte[]> archive = read(Files.readAllBytes(out));
        assertThat(archive).containsKeys("oci-layout", "index.json");
        JsonNode manifestRef = JSON.readTree(archive.get("index.json")).get("manifests").get(0);
        assertThat(manifestRef.get("annotations").get("org.opencontainers.image.ref.name").asText())
                .isEqualTo("docker.io/j8s/app:1");
        assertThat(manifestRef.get("annotations").get("io.containerd.image.name").asText())
                .isEqualTo("docker.io/j8s/app:1");
        JsonNode manifest = JSON.readTree(blob(archive, manifestRef.get("digest").asText()));
        JsonNode config = JSON.readTree(blob(archive, manifest.get("config").get("digest").asText()));
        assertThat(config.get("config").get("Entrypoint").get(0).asText()).isEqualTo("/app/run.sh");
        assertThat(config.get("config").get("Cmd").get(0).asText()).isEqualTo("--now");
        assertThat(config.get("config").get("WorkingDir").asText()).isEqualTo("/app");

        byte[] layerBytes = blob(archive, manifest.get("layers").get(0).get("digest").asText());
        assertThat(config.get("rootfs").get("diff_ids").get(0).asText()).isEqualTo(OciArchive.digest(layerBytes));
        Map<String, byte[]> layer = read(layerBytes);
        assertThat(layer).containsKeys("app/", "app/run.sh", "bin/", "bin/run");
        assertThat(new String(layer.get("app/run.sh"), StandardCharsets.UTF_8)).isEqualTo("echo hi\n");
    }

    @Test
    void theSameImageGivesTheSameBytes() throws IOException {
        OciArchive.image("x:1").file("a", new byte[] {1, 2, 3}, 0644).writeTo(dir.resolve("one.tar"));
        OciArchive.image("x:1").file("a", new byte[] {1, 2, 3}, 0644).writeTo(dir.resolve("two.tar"));
        assertThat(Files.readAllBytes(dir.resolve("one.tar"))).isEqualTo(Files.readAllBytes(dir.resolve("two.tar")));
    }

    @Test
    void busyboxHasEveryAppletAsASymlink() throws IOException {
        if (!Files.isExecutable(Path.of("/bin/busybox"))) {
            org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                    "busybox-static is not installed, and only root may install it");
            io.j8s.testkit.HostTools.busybox();
        }
        Path out = dir.resolve("busybox.tar");
        OciArchive.busybox(out, "docker.io/library/busybox:j8s");
        Map<String, byte[]> archive = read(Files.readAllBytes(out));
        JsonNode index = JSON.readTree(archive.get("index.json"));
        JsonNode manifest = JSON.readTree(blob(archive, index.get("manifests").get(0).get("digest").asText()));
        Map<String, byte[]> layer = read(blob(archive, manifest.get("layers").get(0).get("digest").asText()));
        assertThat(layer).containsKeys("bin/busybox", "bin/sh", "bin/sleep", "bin/httpd", "bin/wget",
                "bin/nslookup", "etc/passwd", "etc/group", "tmp/");
    }

    private static byte[] blob(Map<String, byte[]> archive, String digest) {
        return archive.get("blobs/sha256/" + digest.substring("sha256:".length()));
    }

    /** name -> content of a ustar stream (symlinks and directories map to empty content). */
    static Map<String, byte[]> read(byte[] tar) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = new ByteArrayInputStream(tar)) {
            while (true) {
                byte[] header = in.readNBytes(512);
                if (header.length < 512 || header[0] == 0) {
                    return entries;
                }
                String name = cString(header, 0, 100);
                String prefix = cString(header, 345, 155);
                long size = Long.parseLong(cString(header, 124, 12).strip(), 8);
                byte[] content = in.readNBytes((int) size);
                in.skipNBytes((512 - size % 512) % 512);
                entries.put(prefix.isEmpty() ? name : prefix + "/" + name, content);
            }
        }
    }

    private static String cString(byte[] b, int offset, int length) {
        int end = offset;
        while (end < offset + length && b[end] != 0) {
            end++;
        }
        return new String(b, offset, end - offset, StandardCharsets.UTF_8);
    }
}
