package io.j8s.kubelet.volumes;

import io.fabric8.kubernetes.api.model.KeyToPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** One file of a volume's payload: its bytes and its mode (0644 is {@code 420}). */
record FileProjection(byte[] data, int mode) {

    static FileProjection of(String text, int mode) {
        return new FileProjection(text.getBytes(StandardCharsets.UTF_8), mode);
    }

    /** The file an item of a configMap or secret lands in: its path, else its key. */
    static String pathOf(KeyToPath item) {
        return item.getPath() == null || item.getPath().isEmpty() ? item.getKey() : item.getPath();
    }

    /** A Kubernetes mode (0 to 0777) as POSIX permissions. */
    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }
}
