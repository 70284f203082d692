package io.j8s.kubelet.volumes;

import io.fabric8.kubernetes.api.model.KeyToPath;
import java.nio.charset.StandardCharsets;

/** One file of a volume's payload: its bytes and its mode (0644 is {@code 420}). */
record FileProjection(byte[] data, int mode) {

    static FileProjection of(String text, int mode) {
        return new FileProjection(text.getBytes(StandardCharsets.UTF_8), mode);
    }

    /** The file an item of a configMap or secret lands in: its path, else its key. */
    static String pathOf(KeyToPath item) {
        return item.getPath() == null || item.getPath().isEmpty() ? item.getKey() : item.getPath();
    }
}
