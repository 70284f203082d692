package io.j8s.kubelet.runtime.cri;

import io.j8s.kubelet.images.OciArchive;
import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * A busybox image every node has without a registry, {@link #REF}: /bin/busybox
 * (busybox-static) with a link for each of its applets (sh, httpd, wget, nslookup, ...), built and
 * imported at start like the pause image, so that a first pod needs no image of one's own.
 */
public final class BusyboxImage {
    public static final String REF = "docker.io/j8s/busybox:1";
    private static final Logger LOG = Logger.getLogger(BusyboxImage.class.getName());

    private BusyboxImage() {}

    /** Makes sure containerd at {@code socket} has the image; the archive is kept in {@code dir}. */
    public static void ensure(Path socket, Path dir) throws IOException {
        Ctr ctr = new Ctr(socket);
        if (ctr.hasImage(REF)) {
            return;
        }
        Path archive = dir.resolve("busybox.tar");
        OciArchive.busybox(archive, REF);
        ctr.importArchive(archive);
        LOG.info("imported the busybox image " + REF);
    }
}
