package io.j8s.testkit;

import java.nio.file.Path;

/** Host programs that tests run directly, installed from Debian's packages when missing (as root). */
public final class HostTools {
    private HostTools() {}

    /** {@code nft}, from {@code nftables}. */
    public static Path nft() {
        return DebianExecutable.NFT.locate();
    }

    /** {@code busybox}, from {@code busybox-static}. */
    public static Path busybox() {
        return DebianExecutable.BUSYBOX.locate();
    }
}
