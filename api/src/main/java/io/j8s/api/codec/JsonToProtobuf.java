package io.j8s.api.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * A JSON tree in the Kubernetes JSON encoding as the message of its kind: the reverse of
 * {@link ProtobufToJson}. Keys the message does not have are dropped, as Go's decoder drops
 * them; a value of the wrong JSON type is an {@link IllegalArgumentException} naming its path.
 */
final class JsonToProtobuf {
    private JsonToProtobuf() {
    }

    static DynamicMessage message(Descriptor type, JsonNode json, String path) {
        DynamicMessage.Builder b = DynamicMessage.newBuilder(type);
        switch (SpecialType.of(type)) {
            case TIME -> b.setField(field(type, 1), GoTime.parse(text(json, path)).getEpochSecond());
            case MICRO_TIME -> {
                Instant t = GoTime.parse(text(json, path));
                b.setField(field(type, 1), t.getEpochSecond()).setField(field(type, 2), t.getNano());
            }
            case DURATION -> b.setField(field(type, 1), duration(json, path));
            case QUANTITY -> b.setField(field(type, 1), json.isNumber() ? json.asText() : text(json, path));
            case INT_OR_STRING -> {
                if (json.isTextual()) {
                    b.setField(field(type, 1), 1L).setField(field(type, 3), json.asText());
                } else {
                    b.setField(field(type, 1), 0L).setField(field(type, 2), (int) integer(json, path, true));
                }
            }
            case RAW_EXTENSION, FIELDS_V1 -> b.setField(field(type, 1), ByteString.copyFrom(bytes(json, path)));
            case SLICE -> {
                FieldDescriptor items = field(type, 1);
                for (JsonNode item : array(json, path)) {
                    b.addRepeatedField(items, scalar(items, item, path + "[]"));
                }
            }
            case NONE -> fill(b, object(json, path), path);
        }
        return b.build();
    }

    private static void fill(DynamicMessage.Builder b, JsonNode json, String path) {
        for (JsonField f : JsonField.of(b.getDescriptorForType())) {
            FieldDescriptor fd = f.descriptor();
            if (f.inline()) {
                DynamicMessage.Builder inline = DynamicMessage.newBuilder(fd.getMessageType());
                fill(inline, json, path);
                if (!inline.getAllFields().isEmpty()) {
                    b.setField(fd, inline.build());
                }
                continue;
            }
            JsonNode v = json.get(f.name());
            String at = path + "." + f.name();
            if (v == null) {
                continue;
            }
            if (v.isNull()) {
                if (isTime(fd)) { // Go writes a zero Time as an empty message, and reads it as null
                    b.setField(fd, DynamicMessage.getDefaultInstance(fd.getMessageType()));
                }
                continue;
            }
            if (fd.isMapField()) {
                FieldDescriptor key = fd.getMessageType().findFieldByNumber(1);
                FieldDescriptor value = fd.getMessageType().findFieldByNumber(2);
                for (Iterator<Map.Entry<String, JsonNode>> it = object(v, at).fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    b.addRepeatedField(fd, DynamicMessage.newBuilder(fd.getMessageType())
                            .setField(key, mapKey(key, e.getKey(), at))
                            .setField(value, any(value, e.getValue(), at + "." + e.getKey()))
                            .build());
                }
            } else if (fd.isRepeated()) {
                int i = 0;
                for (JsonNode item : array(v, at)) {
                    b.addRepeatedField(fd, any(fd, item, at + "[" + i++ + "]"));
                }
            } else {
                b.setField(fd, any(fd, v, at));
            }
        }
    }

    private static boolean isTime(FieldDescriptor fd) {
        if (fd.isRepeated() || fd.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
            return false;
        }
        SpecialType t = SpecialType.of(fd.getMessageType());
        return t == SpecialType.TIME || t == SpecialType.MICRO_TIME;
    }

    private static Object any(FieldDescriptor fd, JsonNode v, String path) {
        return fd.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                ? message(fd.getMessageType(), v, path) : scalar(fd, v, path);
    }

    private static Object scalar(FieldDescriptor fd, JsonNode v, String path) {
        return switch (fd.getType()) {
            case STRING -> text(v, path);
            case BOOL -> {
                if (!v.isBoolean()) {
                    throw wrong(path, "a boolean", v);
                }
                yield v.booleanValue();
            }
            case INT32, SINT32, SFIXED32, UINT32, FIXED32 -> (int) integer(v, path, true);
            case INT64, SINT64, SFIXED64, UINT64, FIXED64 -> integer(v, path, false);
            case DOUBLE -> number(v, path);
            case FLOAT -> (float) number(v, path);
            case BYTES -> ByteString.copyFrom(base64(text(v, path), path));
            case ENUM -> {
                EnumValueDescriptor e = fd.getEnumType().findValueByName(text(v, path));
                if (e == null) {
                    throw wrong(path, "one of " + fd.getEnumType().getValues(), v);
                }
                yield e;
            }
            case MESSAGE, GROUP -> throw new IllegalStateException("not a scalar: " + fd.getFullName());
        };
    }

    /** Kubernetes maps have string keys; any other key type is read from the key's text. */
    private static Object mapKey(FieldDescriptor key, String text, String path) {
        if (key.getType() == FieldDescriptor.Type.STRING) {
            return text;
        }
        try {
            return scalar(key, ProtobufToJson.JSON.readTree(text), path);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(path + ": map key " + text + " is not a " + key.getType());
        }
    }

    private static JsonNode object(JsonNode v, String path) {
        if (!v.isObject()) {
            throw wrong(path, "an object", v);
        }
        return v;
    }

    private static JsonNode array(JsonNode v, String path) {
        if (!v.isArray()) {
            throw wrong(path, "an array", v);
        }
        return v;
    }

    private static String text(JsonNode v, String path) {
        if (!v.isTextual()) {
            throw wrong(path, "a string", v);
        }
        return v.textValue();
    }

    private static long integer(JsonNode v, String path, boolean int32) {
        if (!v.isIntegralNumber() || !(int32 ? v.canConvertToInt() : v.canConvertToLong())) {
            throw wrong(path, int32 ? "a 32-bit integer" : "a 64-bit integer", v);
        }
        return v.longValue();
    }

    private static double number(JsonNode v, String path) {
        if (!v.isNumber()) {
            throw wrong(path, "a number", v);
        }
        return v.doubleValue();
    }

    private static long duration(JsonNode v, String path) {
        try {
            return GoDuration.parse(text(v, path));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }

    private static byte[] base64(String text, String path) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": not base64: " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(JsonNode v, String path) {
        try {
            return ProtobufToJson.JSON.writeValueAsBytes(v);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(path + ": " + e.getOriginalMessage(), e);
        }
    }

    private static FieldDescriptor field(Descriptor type, int number) {
        return type.findFieldByNumber(number);
    }

    private static IllegalArgumentException wrong(String path, String expected, JsonNode v) {
        return new IllegalArgumentException(path + ": expected " + expected + ", got " + v.getNodeType());
    }
}
