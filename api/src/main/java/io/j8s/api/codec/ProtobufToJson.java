package io.j8s.api.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.j8s.api.errors.StatusException;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A parsed message as the Kubernetes JSON encoding writes the Go struct it decodes into:
 * fields by their JSON names in declaration order, zero values of {@code omitempty} scalars left
 * out, empty lists and maps left out, map keys sorted, bytes in base64, embedded structs
 * flattened, and the apimachinery types ({@link SpecialType}) in their own JSON forms.
 */
final class ProtobufToJson {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    /** How many envelopes deep a RawExtension holding protobuf may nest. */
    private final int envelopes;

    ProtobufToJson(int envelopes) {
        this.envelopes = envelopes;
    }

    ObjectNode object(Message message) {
        ObjectNode out = NODES.objectNode();
        fill(out, message);
        return out;
    }

    private void fill(ObjectNode out, Message message) {
        UnknownFields.requireZero(message);
        for (JsonField f : JsonField.of(message.getDescriptorForType())) {
            FieldDescriptor fd = f.descriptor();
            if (fd.isMapField()) {
                if (message.getRepeatedFieldCount(fd) > 0) {
                    out.set(f.name(), map(fd, (List<?>) message.getField(fd)));
                }
            } else if (fd.isRepeated()) {
                if (message.getRepeatedFieldCount(fd) > 0) {
                    ArrayNode array = out.putArray(f.name());
                    for (Object v : (List<?>) message.getField(fd)) {
                        array.add(value(fd, v));
                    }
                }
            } else if (message.hasField(fd)) {
                Object v = message.getField(fd);
                if (f.inline()) {
                    fill(out, (Message) v);
                } else if (!(f.omitsZero() && f.isScalar() && isZero(v))) {
                    out.set(f.name(), value(fd, v));
                }
            }
        }
    }

    private ObjectNode map(FieldDescriptor fd, List<?> entries) {
        FieldDescriptor key = fd.getMessageType().findFieldByNumber(1);
        FieldDescriptor value = fd.getMessageType().findFieldByNumber(2);
        Map<String, JsonNode> sorted = new TreeMap<>(); // Go writes map keys sorted
        for (Object e : entries) {
            Message entry = (Message) e;
            sorted.put(String.valueOf(entry.getField(key)), value(value, entry.getField(value)));
        }
        ObjectNode out = NODES.objectNode();
        sorted.forEach(out::set);
        return out;
    }

    private JsonNode value(FieldDescriptor fd, Object v) {
        return switch (fd.getType()) {
            case STRING -> NODES.textNode((String) v);
            case BOOL -> NODES.booleanNode((Boolean) v);
            case INT32, SINT32, SFIXED32 -> NODES.numberNode((Integer) v);
            case UINT32, FIXED32 -> number(Integer.toUnsignedLong((Integer) v));
            case INT64, SINT64, SFIXED64 -> number((Long) v);
            case UINT64, FIXED64 -> (Long) v >= 0 ? number((Long) v)
                    : NODES.numberNode(new BigInteger(Long.toUnsignedString((Long) v)));
            case DOUBLE -> number((Double) v);
            case FLOAT -> number(((Float) v).doubleValue());
            case BYTES -> NODES.textNode(Base64.getEncoder().encodeToString(((ByteString) v).toByteArray()));
            case ENUM -> NODES.textNode(((EnumValueDescriptor) v).getName());
            case MESSAGE, GROUP -> message((Message) v);
        };
    }

    /** A message as JSON: an object, or the own form of an apimachinery type. */
    JsonNode message(Message m) {
        return switch (SpecialType.of(m.getDescriptorForType())) {
            case TIME -> m.getAllFields().isEmpty() ? NODES.nullNode()
                    : NODES.textNode(GoTime.formatSeconds(longField(m, 1))); // nanos: ignored upstream too
            case MICRO_TIME -> m.getAllFields().isEmpty() ? NODES.nullNode()
                    : NODES.textNode(GoTime.formatMicros(longField(m, 1), longField(m, 2)));
            case DURATION -> NODES.textNode(GoDuration.format(longField(m, 1)));
            case QUANTITY -> NODES.textNode(hasField(m, 1) ? (String) field(m, 1) : "0");
            case INT_OR_STRING -> longField(m, 1) == 1 ? NODES.textNode((String) field(m, 3))
                    : NODES.numberNode((int) longField(m, 2));
            case RAW_EXTENSION, FIELDS_V1 -> embedded((ByteString) field(m, 1));
            case SLICE -> {
                ArrayNode array = NODES.arrayNode();
                FieldDescriptor items = m.getDescriptorForType().findFieldByNumber(1);
                for (Object v : (List<?>) m.getField(items)) {
                    array.add(value(items, v));
                }
                yield array;
            }
            case NONE -> object(m);
        };
    }

    /** The JSON held in raw bytes; an object in its own protobuf envelope is read as such. */
    private JsonNode embedded(ByteString raw) {
        if (raw.isEmpty()) {
            return NODES.nullNode();
        }
        byte[] bytes = raw.toByteArray();
        if (Envelope.hasMagic(bytes)) {
            if (envelopes >= Envelope.MAX_NESTING) {
                throw StatusException.badRequest("protobuf body: objects nested more than "
                        + Envelope.MAX_NESTING + " deep");
            }
            return Protobuf.decode(bytes, envelopes + 1);
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw StatusException.badRequest("protobuf body: empty embedded JSON");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw StatusException.badRequest("protobuf body: embedded raw bytes are not JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw StatusException.badRequest("protobuf body: embedded raw bytes: " + e.getMessage());
        }
    }

    private static boolean isZero(Object v) {
        return switch (v) {
            case String s -> s.isEmpty();
            case Boolean b -> !b;
            case Integer i -> i == 0;
            case Long l -> l == 0;
            case Double d -> d == 0;
            case Float f -> f == 0;
            case ByteString b -> b.isEmpty();
            case EnumValueDescriptor e -> e.getNumber() == 0;
            default -> false;
        };
    }

    /** An integer as Jackson reads it from text: an int when it fits, else a long. */
    private static JsonNode number(long v) {
        return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
    }

    /** Go writes whole floats without a fraction, so they read back as integers. */
    private static JsonNode number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e18 ? number((long) v) : NODES.numberNode(v);
    }

    private static boolean hasField(Message m, int number) {
        return m.hasField(m.getDescriptorForType().findFieldByNumber(number));
    }

    private static Object field(Message m, int number) {
        return m.getField(m.getDescriptorForType().findFieldByNumber(number));
    }

    private static long longField(Message m, int number) {
        return ((Number) field(m, number)).longValue();
    }
}
