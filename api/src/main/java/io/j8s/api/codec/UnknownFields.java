package io.j8s.api.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import io.j8s.api.errors.StatusException;
import java.util.Map;

/**
 * Fields on the wire that our messages lack: client-java-proto's core messages are those of
 * Kubernetes 1.30, so a newer client may send fields added since (pod-level resources, image
 * volumes, ...). Go writes every non-pointer field, zero or not; zero values are dropped here
 * as JSON's omitempty would drop them. Anything else is refused rather than silently lost.
 */
final class UnknownFields {
    private static final int MAX_DEPTH = 8;

    private UnknownFields() {
    }

    /** @throws StatusException 415 when {@code message} holds an unknown field with a value */
    static void requireZero(Message message) {
        for (Map.Entry<Integer, UnknownFieldSet.Field> e : message.getUnknownFields().asMap().entrySet()) {
            if (!isZero(e.getValue(), 0)) {
                throw StatusException.unsupportedMediaType("j8s cannot read field " + e.getKey() + " of "
                        + message.getDescriptorForType().getFullName() + " from protobuf: it is newer than"
                        + " the Kubernetes 1.30 messages j8s has; send the object as application/json");
            }
        }
    }

    private static boolean isZero(UnknownFieldSet.Field f, int depth) {
        if (!f.getGroupList().isEmpty()
                || f.getVarintList().stream().anyMatch(v -> v != 0)
                || f.getFixed32List().stream().anyMatch(v -> v != 0)
                || f.getFixed64List().stream().anyMatch(v -> v != 0)) {
            return false;
        }
        for (ByteString bytes : f.getLengthDelimitedList()) {
            if (!bytes.isEmpty() && !isZeroMessage(bytes, depth + 1)) {
                return false;
            }
        }
        return true;
    }

    /** A struct of zero values: Go writes a non-pointer struct even when all of it is zero. */
    private static boolean isZeroMessage(ByteString bytes, int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        try {
            return UnknownFieldSet.parseFrom(bytes).asMap().values().stream().allMatch(f -> isZero(f, depth));
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
    }
}
