package io.j8s.kubelet.volumes;

import static io.j8s.kubelet.volumes.TestPods.mode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.j8s.kubelet.volumes.PodVolumes.VolumeException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hostPath volumes of every type, checked against real files of the node. */
class HostPathVolumeTest {
    @TempDir
    Path host;

    private Path setUp(String path, String type) throws VolumeException {
        NodeVolumes volumes = new NodeVolumes(null, host.resolve("data"), () -> TestPods.ALLOCATABLE);
        Pod pod = TestPods.pod("default", new VolumeBuilder().withName("host").withNewHostPath().withPath(path)
                .withType(type).endHostPath().build());
        return volumes.setUp(pod).get("host");
    }

    @Test
    void directoryMustExistAndDirectoryOrCreateCreatesIt() throws Exception {
        String missing = host.resolve("missing").toString();
        assertThatThrownBy(() -> setUp(missing, "Directory"))
                .isInstanceOfSatisfying(VolumeException.class, e -> assertThat(e.volume()).isEqualTo("host"))
                .hasMessage("hostPath type check failed: " + missing + " is not a directory");

        Path created = setUp(host.resolve("a/b").toString(), "DirectoryOrCreate");

        assertThat(created).isEqualTo(host.resolve("a/b")).isDirectory();
        assertThat(mode(created)).isEqualTo("rwxr-xr-x");
        assertThat(setUp(created.toString(), "Directory")).isEqualTo(created);
        Files.writeString(host.resolve("file"), "x");
        assertThatThrownBy(() -> setUp(host.resolve("file").toString(), "DirectoryOrCreate"))
                .hasMessage("hostPath type check failed: " + host.resolve("file") + " is not a directory");
    }

    @Test
    void fileMustBeAFileAndFileOrCreateCreatesAnEmptyOneInAnExistingDirectory() throws Exception {
        assertThatThrownBy(() -> setUp(host.toString(), "File"))
                .hasMessage("hostPath type check failed: " + host + " is not a file");
        assertThatThrownBy(() -> setUp(host.resolve("nofile").toString(), "File"))
                .hasMessage("hostPath type check failed: " + host.resolve("nofile") + " is not a file");

        Path created = setUp(host.resolve("new.log").toString(), "FileOrCreate");

        assertThat(created).isRegularFile().isEmptyFile();
        assertThat(mode(created)).isEqualTo("rw-r--r--");
        assertThat(setUp(created.toString(), "File")).isEqualTo(created);
        assertThatThrownBy(() -> setUp(host.resolve("no/parent.log").toString(), "FileOrCreate"))
                .hasMessage("open " + host.resolve("no/parent.log") + ": no such file or directory");
        assertThatThrownBy(() -> setUp(host.toString(), "FileOrCreate"))
                .hasMessage("hostPath type check failed: " + host + " is not a file");
    }

    @Test
    void socketAndDevicesAreCheckedByTheirFileType() throws Exception {
        Path socket = host.resolve("app.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            assertThat(setUp(socket.toString(), "Socket")).isEqualTo(socket);
        }
        assertThatThrownBy(() -> setUp(host.toString(), "Socket"))
                .hasMessage("hostPath type check failed: " + host + " is not a socket file");
        assertThat(setUp("/dev/null", "CharDevice")).isEqualTo(Path.of("/dev/null"));
        assertThatThrownBy(() -> setUp(host.toString(), "CharDevice"))
                .hasMessage("hostPath type check failed: " + host + " is not a character device");
        assertThatThrownBy(() -> setUp("/dev/null", "BlockDevice"))
                .hasMessage("hostPath type check failed: /dev/null is not a block device");
    }

    @Test
    void anUnsetTypeChecksNothingAndBackstepsAreRefused() throws Exception {
        assertThat(setUp(host.resolve("anything").toString(), "")).isEqualTo(host.resolve("anything"));
        assertThat(setUp(host.resolve("anything").toString(), null)).doesNotExist();
        assertThatThrownBy(() -> setUp(host + "/../etc", ""))
                .hasMessage("invalid HostPath `" + host + "/../etc`: must not contain '..'");
        assertThatThrownBy(() -> setUp(host.toString(), "Pipe")).hasMessage("Pipe is an invalid volume type");
    }
}
