package io.j8s.kubelet.runtime.cri;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerdConfigTest {
    @TempDir
    Path dataDir;

    @Test
    void everythingOfContainerdLivesUnderTheDataDir() throws IOException {
        ContainerdConfig config = ContainerdConfig.forDataDir(dataDir, PauseImage.REF);
        config.write();

        String toml = Files.readString(config.file());
        Path dir = dataDir.toAbsolutePath().resolve("agent/containerd");
        assertThat(config.file()).isEqualTo(dir.resolve("config.toml"));
        assertThat(toml).contains("version = 2")
                .contains("root = \"" + dir.resolve("root") + "\"")
                .contains("state = \"" + dir.resolve("state") + "\"")
                .contains("address = \"" + dir.resolve("containerd.sock") + "\"")
                .contains("sandbox_image = \"docker.io/j8s/pause:1\"")
                .contains("bin_dir = \"/usr/lib/cni\"")
                .contains("conf_dir = \"" + dataDir.toAbsolutePath().resolve("agent/etc/cni/net.d") + "\"")
                .contains("SystemdCgroup = " + ContainerdConfig.systemdIsInit())
                .contains("stream_server_port = \"0\"");
    }

    @Test
    void aDataDirTooLongForASocketAddressGetsAShortSocketUnderRun() {
        Path deep = Path.of("/var/lib/" + "very-long-directory-name/".repeat(4) + "j8s/agent/containerd");
        Path socket = ContainerdConfig.socketFor(deep);
        assertThat(socket.toString()).startsWith("/run/j8s/").endsWith("/containerd.sock");
        assertThat(socket.toString().length() + ".ttrpc".length()).isLessThanOrEqualTo(ContainerdConfig.MAX_SOCKET_PATH);
        assertThat(ContainerdConfig.socketFor(deep)).isEqualTo(socket);
        assertThat(ContainerdConfig.socketFor(Path.of(deep + "2"))).isNotEqualTo(socket);
        assertThat(ContainerdConfig.socketFor(Path.of("/var/lib/j8s/agent/containerd")))
                .isEqualTo(Path.of("/var/lib/j8s/agent/containerd/containerd.sock"));
    }
}
