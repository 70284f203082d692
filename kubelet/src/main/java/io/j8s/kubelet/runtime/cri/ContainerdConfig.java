package io.j8s.kubelet.runtime.cri;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * containerd's config (version 2) for the agent's own containerd: root, state and socket under
 * DATA_DIR/agent/containerd, the CRI plugin with runc through cgroupfs (systemd's driver only when
 * systemd is PID 1), our pause image, CNI from /usr/lib/cni with its config under the data dir,
 * the streaming server on a free loopback port, and the plugins we never use switched off.
 */
record ContainerdConfig(Path dir, Path socket, Path cniConfDir, String sandboxImage, boolean systemdCgroup) {
    /** sun_path holds 108 bytes with its NUL; containerd also listens on SOCKET.ttrpc. */
    static final int MAX_SOCKET_PATH = 107;

    static ContainerdConfig forDataDir(Path dataDir, String sandboxImage) {
        Path dir = dataDir.toAbsolutePath().resolve("agent/containerd");
        return new ContainerdConfig(dir, socketFor(dir), CniConfig.under(dataDir.toAbsolutePath()).confDir(),
                sandboxImage, systemdIsInit());
    }

    /**
     * DIR/containerd.sock, unless that path (plus ".ttrpc") does not fit in a unix socket address:
     * then /run/j8s/HASH/containerd.sock, HASH naming the data dir so that two agents never share it.
     */
    static Path socketFor(Path dir) {
        Path socket = dir.resolve("containerd.sock");
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length + ".ttrpc".length() <= MAX_SOCKET_PATH) {
            return socket;
        }
        return Path.of("/run/j8s", hash(dir.toString()), "containerd.sock");
    }

    Path file() {
        return dir.resolve("config.toml");
    }

    Path log() {
        return dir.resolve("containerd.log");
    }

    void write() throws IOException {
        Files.createDirectories(dir);
        Files.createDirectories(socket.getParent());
        Files.createDirectories(cniConfDir);
        String cri = "plugins.\"io.containerd.grpc.v1.cri\"";
        String toml = """
                version = 2
                root = %s
                state = %s
                disabled_plugins = [
                  "io.containerd.internal.v1.opt",
                  "io.containerd.snapshotter.v1.aufs",
                  "io.containerd.snapshotter.v1.btrfs",
                  "io.containerd.snapshotter.v1.devmapper",
                  "io.containerd.snapshotter.v1.zfs",
                  "io.containerd.tracing.processor.v1.otlp",
                  "io.containerd.internal.v1.tracing",
                ]

                [grpc]
                  address = %s

                [%s]
                  sandbox_image = %s
                  stream_server_address = "127.0.0.1"
                  stream_server_port = "0"
                  enable_selinux = false
                  restrict_oom_score_adj = %s
                  [%s.containerd]
                    snapshotter = "overlayfs"
                    default_runtime_name = "runc"
                    [%s.containerd.runtimes.runc]
                      runtime_type = "io.containerd.runc.v2"
                      [%s.containerd.runtimes.runc.options]
                        SystemdCgroup = %s
                  [%s.cni]
                    bin_dir = "/usr/lib/cni"
                    conf_dir = %s
                    max_conf_num = 1
                """.formatted(quote(dir.resolve("root")), quote(dir.resolve("state")), quote(socket),
                cri, quote(sandboxImage), !canLowerOomScore(), cri, cri, cri, systemdCgroup, cri, quote(cniConfDir));
        Path tmp = dir.resolve(".config.toml.tmp");
        Files.writeString(tmp, toml);
        Files.move(tmp, file(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String quote(Object value) {
        return "\"" + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * Whether we hold CAP_SYS_RESOURCE, which lowering oom_score_adj (the sandbox's -998) needs.
     * Some VMs and containers give root every capability but that one: then containerd clamps
     * the containers' score to its own instead of failing every sandbox in runc.
     */
    static boolean canLowerOomScore() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    long caps = Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16);
                    return (caps & (1L << 24)) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return false;
        }
        return false;
    }

    /** Whether systemd manages cgroups here: it is PID 1. */
    static boolean systemdIsInit() {
        try {
            return Files.readString(Path.of("/proc/1/comm")).strip().equals("systemd");
        } catch (IOException e) {
            return false;
        }
    }

    private static String hash(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
