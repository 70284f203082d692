package io.j8s.api.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A message of a kind with every field set to a non-zero value (lists and maps with one
 * element, recursion cut where a type would contain itself), and the apimachinery types in
 * their canonical forms, so that JSON and back must give the very same message.
 */
final class FullMessages {
    static final long SECONDS = 1_700_000_000L;

    private FullMessages() {
    }

    static DynamicMessage of(Descriptor type) {
        return build(type, new ArrayDeque<>());
    }

    private static DynamicMessage build(Descriptor type, Deque<Descriptor> outer) {
        DynamicMessage.Builder b = DynamicMessage.newBuilder(type);
        switch (SpecialType.of(type)) {
            case TIME -> b.setField(field(type, 1), SECONDS);
            case MICRO_TIME -> b.setField(field(type, 1), SECONDS).setField(field(type, 2), 123_456_000);
            case DURATION -> b.setField(field(type, 1), 90_500_000_000L);
            case QUANTITY -> b.setField(field(type, 1), "1500m");
            case INT_OR_STRING -> b.setField(field(type, 1), 1L).setField(field(type, 3), "http");
            case RAW_EXTENSION, FIELDS_V1 -> b.setField(field(type, 1), ByteString.copyFromUtf8("{\"a\":[1,\"b\"]}"));
            case SLICE -> b.addRepeatedField(field(type, 1), "item");
            case NONE -> {
                outer.push(type);
                for (FieldDescriptor f : type.getFields()) {
                    Object v = value(f, outer);
                    if (v == null) {
                        continue;
                    }
                    if (f.isRepeated()) {
                        b.addRepeatedField(f, v);
                    } else {
                        b.setField(f, v);
                    }
                }
                outer.pop();
            }
        }
        return b.build();
    }

    private static Object value(FieldDescriptor f, Deque<Descriptor> outer) {
        if (f.isMapField()) {
            Descriptor entry = f.getMessageType();
            Object value = value(entry.findFieldByNumber(2), outer);
            return value == null ? null : DynamicMessage.newBuilder(entry)
                    .setField(entry.findFieldByNumber(1), "key").setField(entry.findFieldByNumber(2), value).build();
        }
        return switch (f.getJavaType()) {
            case STRING -> "v-" + f.getName();
            case BOOLEAN -> true;
            case INT -> 7;
            case LONG -> 7L;
            case DOUBLE -> 2.5;
            case FLOAT -> 2.5f;
            case BYTE_STRING -> ByteString.copyFrom(new byte[] {1, 2, (byte) 0xfe});
            case ENUM -> f.getEnumType().getValues().getLast();
            case MESSAGE -> outer.contains(f.getMessageType()) || outer.size() > 20 ? null
                    : build(f.getMessageType(), outer);
        };
    }

    private static FieldDescriptor field(Descriptor type, int number) {
        return type.findFieldByNumber(number);
    }
}
