package io.j8s.store.etcd;

import io.etcd.jetcd.ByteSequence;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The etcd key range {@code [start, end)} that holds every key with a given prefix. */
record KeyRange(ByteSequence start, ByteSequence end) {
    /** etcd's "\0": as a start, the smallest key; as an end, "no upper bound". */
    static final ByteSequence ZERO = ByteSequence.from(new byte[] {0});

    static KeyRange prefix(String prefix) {
        byte[] start = prefix.getBytes(StandardCharsets.UTF_8);
        if (start.length == 0) {
            return new KeyRange(ZERO, ZERO);
        }
        return new KeyRange(ByteSequence.from(start), ByteSequence.from(prefixEnd(start)));
    }

    static ByteSequence bytes(String key) {
        return ByteSequence.from(key.getBytes(StandardCharsets.UTF_8));
    }

    /** The smallest key greater than every key that starts with {@code prefix}. */
    private static byte[] prefixEnd(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xff) {
                byte[] end = Arrays.copyOf(prefix, i + 1);
                end[i]++;
                return end;
            }
        }
        return new byte[] {0};
    }
}
