package io.j8s.kubelet.runtime.cri;

import io.j8s.kubelet.images.OciArchive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;

/**
 * The sandbox ("pause") image, built on the node from /bin/busybox (busybox-static): a shell that
 * sleeps until SIGTERM and then exits 0. No registry is needed: it is imported into containerd's
 * {@code k8s.io} namespace at start, under {@link #REF}, which the containerd config names as
 * its {@code sandbox_image}.
 */
public final class PauseImage {
    public static final String REF = "docker.io/j8s/pause:1";
    private static final Logger LOG = Logger.getLogger(PauseImage.class.getName());
    private static final String SCRIPT = "trap 'exit 0' TERM INT; while :; do sleep 86400 & wait $!; done";

    private PauseImage() {}

    /** Makes sure containerd at {@code socket} has the pause image; the archive is kept in {@code dir}. */
    public static void ensure(Path socket, Path dir) throws IOException {
        Ctr ctr = new Ctr(socket);
        if (ctr.hasImage(REF)) {
            return;
        }
        Path archive = dir.resolve("pause.tar");
        write(archive);
        ctr.importArchive(archive);
        LOG.info("imported the pause image " + REF);
    }

    /** Writes the pause image's archive. */
    public static void write(Path archive) throws IOException {
        Path busybox = Path.of("/bin/busybox");
        if (!Files.isExecutable(busybox)) {
            throw new IOException("the pause image is built from /bin/busybox, which is missing:"
                    + " install the Debian package busybox-static");
        }
        OciArchive.image(REF)
                .file("bin/busybox", busybox, 0755)
                .symlink("bin/sh", "busybox")
                .symlink("bin/sleep", "busybox")
                .directory("proc", 0755).directory("sys", 0755).directory("dev", 0755)
                .directory("etc", 0755).directory("tmp", 01777)
                .entrypoint(List.of("/bin/sh", "-c", SCRIPT))
                .env(List.of("PATH=/bin"))
                .writeTo(archive);
    }
}
