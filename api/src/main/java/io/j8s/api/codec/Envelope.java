package io.j8s.api.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.j8s.api.errors.StatusException;
import io.kubernetes.client.proto.Runtime;
import java.util.Arrays;

/**
 * The frame of every Kubernetes protobuf body: the four bytes {@code k8s\0}, then a
 * runtime.Unknown whose typeMeta names the apiVersion and kind and whose raw bytes are the
 * object's message.
 */
record Envelope(String apiVersion, String kind, ByteString raw) {
    private static final byte[] MAGIC = {'k', '8', 's', 0};
    /** RawExtensions may hold enveloped objects (a WatchEvent does); this deep at most. */
    static final int MAX_NESTING = 4;

    static boolean hasMagic(byte[] body) {
        return body != null && body.length >= MAGIC.length
                && Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** @throws StatusException 400 for a body without the prefix, garbled, or without a kind */
    static Envelope read(byte[] body) {
        if (!hasMagic(body)) {
            throw StatusException.badRequest("protobuf body: it does not start with \"k8s\\x00\"");
        }
        Runtime.Unknown unknown;
        try {
            unknown = Runtime.Unknown.parseFrom(ByteString.copyFrom(body, MAGIC.length,
                    body.length - MAGIC.length));
        } catch (InvalidProtocolBufferException e) {
            throw StatusException.badRequest("protobuf body: " + e.getMessage());
        }
        String apiVersion = unknown.getTypeMeta().getApiVersion();
        String kind = unknown.getTypeMeta().getKind();
        if (kind.isEmpty()) {
            throw StatusException.badRequest("Object 'Kind' is missing in the protobuf body");
        }
        if (apiVersion.isEmpty()) {
            throw StatusException.badRequest("Object 'apiVersion' is missing in the protobuf body");
        }
        return new Envelope(apiVersion, kind, unknown.getRaw());
    }

    byte[] write() {
        Runtime.Unknown unknown = Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(raw).setContentEncoding("").setContentType("")
                .build();
        byte[] out = new byte[MAGIC.length + unknown.getSerializedSize()];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        byte[] message = unknown.toByteArray();
        System.arraycopy(message, 0, out, MAGIC.length, message.length);
        return out;
    }
}
