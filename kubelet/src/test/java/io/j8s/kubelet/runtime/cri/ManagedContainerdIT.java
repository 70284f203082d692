package io.j8s.kubelet.runtime.cri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.j8s.kubelet.images.OciArchive;
import io.j8s.kubelet.runtime.RuntimeCallException;
import io.j8s.testkit.Directories;
import io.j8s.testkit.HostLeftovers;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The agent's own containerd: started, restarted when it dies, stopped; and the air-gap images. */
class ManagedContainerdIT {
    private HostLeftovers before;
    private Path dataDir;

    @BeforeEach
    void snapshot() throws IOException {
        assumeTrue(HostPackages.isRoot(), "containerd needs root");
        before = CriNode.leftovers();
        dataDir = Files.createTempDirectory("j8s-cri-it-");
    }

    @AfterEach
    void nothingLeft() {
        if (dataDir != null) {
            HostLeftovers after = CriNode.leftovers();
            Directories.deleteRecursively(dataDir);
            assertThat(after.newSince(before)).as("left on the host").isEmpty();
        }
    }

    @Test
    void containerdThatDiesIsStartedAgainAndCloseStopsIt() throws IOException {
        try (ManagedContainerd containerd = ManagedContainerd.start(dataDir, PauseImage.REF);
                CriRuntime runtime = CriRuntime.connect(containerd.endpoint(), null, null)) {
            assertThat(containerd.socket()).isEqualTo(dataDir.resolve("agent/containerd/containerd.sock"));
            assertThat(runtime.version().runtimeName()).isEqualTo("containerd");
            ProcessHandle first = containerd.process();

            first.destroyForcibly();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                    containerd.process().pid() != first.pid() && runtime.version() != null);

            ProcessHandle second = containerd.process();
            containerd.close();
            assertThat(second.isAlive()).isFalse();
            assertThatThrownBy(runtime::version).isInstanceOfSatisfying(RuntimeCallException.class,
                    e -> assertThat(e.kind()).isEqualTo(RuntimeCallException.Kind.UNAVAILABLE));
        }
    }

    @Test
    void aContainerdLeftByAnAgentThatDiedIsStoppedFirst() throws Exception {
        HostPackages.ensure(); // as the agent that died had: this test starts containerd itself
        ContainerdConfig config = ContainerdConfig.forDataDir(dataDir, PauseImage.REF);
        config.write();
        Process orphan = new ProcessBuilder("containerd", "--config", config.file().toString())
                .redirectErrorStream(true).redirectOutput(dataDir.resolve("orphan.log").toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(config.socket()));
            try (ManagedContainerd containerd = ManagedContainerd.start(dataDir, PauseImage.REF);
                    CriRuntime runtime = CriRuntime.connect(containerd.endpoint(), null, null)) {
                assertThat(orphan.isAlive()).isFalse();
                assertThat(containerd.process().pid()).isNotEqualTo(orphan.pid());
                assertThat(runtime.version().runtimeName()).isEqualTo("containerd");
            }
        } finally {
            orphan.destroyForcibly().waitFor();
        }
    }

    @Test
    void airGapArchivesAreImportedOnceEach() throws IOException {
        Path images = dataDir.resolve("agent/images");
        OciArchive.busybox(images.resolve("plain.tar"), "docker.io/j8s/plain:1");
        Path tmp = dataDir.resolve("gz.tar");
        OciArchive.busybox(tmp, "docker.io/j8s/gzipped:1");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(images.resolve("gzipped.tar.gz")))) {
            Files.copy(tmp, out);
        }
        boolean zstd = HostPackages.onPath("zstd");
        if (zstd) {
            OciArchive.busybox(tmp, "docker.io/j8s/zstd:1");
            HostLeftovers.run("zstd", "-q", "-f", tmp.toString(), "-o", images.resolve("zstd.tar.zst").toString());
        }
        Files.delete(tmp);
        Files.writeString(images.resolve("README.txt"), "not an image");

        try (ManagedContainerd containerd = ManagedContainerd.start(dataDir, PauseImage.REF);
                CriRuntime runtime = CriRuntime.connect(containerd.endpoint(), null, null)) {
            Map<Path, AirgapImages.Outcome> first = AirgapImages.importAll(dataDir, containerd.socket());
            assertThat(first).containsEntry(images.resolve("plain.tar"), AirgapImages.Outcome.IMPORTED)
                    .containsEntry(images.resolve("gzipped.tar.gz"), AirgapImages.Outcome.IMPORTED)
                    .doesNotContainKey(images.resolve("README.txt"));
            assertThat(runtime.image("docker.io/j8s/plain:1")).isPresent();
            assertThat(runtime.image("docker.io/j8s/gzipped:1")).isPresent();
            if (zstd) {
                assertThat(first).containsEntry(images.resolve("zstd.tar.zst"), AirgapImages.Outcome.IMPORTED);
                assertThat(runtime.image("docker.io/j8s/zstd:1")).isPresent();
            }

            Files.setLastModifiedTime(images.resolve("plain.tar"), FileTime.fromMillis(System.currentTimeMillis() + 5000));
            Map<Path, AirgapImages.Outcome> second = AirgapImages.importAll(dataDir, containerd.socket());
            assertThat(second.values()).containsOnly(AirgapImages.Outcome.ALREADY_IMPORTED);
        }
    }

    @Test
    void aDataDirTooDeepForASocketAddressStillWorks() throws IOException {
        Path deep = dataDir.resolve("a-directory-with-a-rather-long-name/and-another-one-just-as-long-as-it");
        try (ManagedContainerd containerd = ManagedContainerd.start(deep, PauseImage.REF);
                CriRuntime runtime = CriRuntime.connect(containerd.endpoint(), null, null)) {
            assertThat(containerd.socket().toString()).startsWith("/run/j8s/");
            assertThat(runtime.version().runtimeApiVersion()).isEqualTo("v1");
            containerd.close();
            assertThat(containerd.socket().getParent()).doesNotExist();
        }
    }
}
