package io.j8s.apiserver.cel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import dev.cel.common.values.CelByteString;
import dev.cel.common.values.NullValue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON as CEL sees it, for objects without a schema as for those with one: an object is a map of
 * strings, an array a list, integers int, other numbers double, null CEL's null.
 */
public final class CelValues {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private CelValues() {}

    /** The CEL value of a JSON value; null or missing become CEL's null. */
    public static Object of(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return NullValue.NULL_VALUE;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                map.put(e.getKey(), of(e.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(n -> list.add(of(n)));
            return list;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            if (node.canConvertToLong()) {
                return Long.valueOf(node.longValue()); // not a ternary: that would widen to double
            }
            return node.doubleValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.asText();
    }

    /** The JSON of a CEL value, for results that go back into an object (messages, audit). */
    public static JsonNode toJson(Object value) {
        if (value == null || value instanceof NullValue
                || value instanceof com.google.protobuf.NullValue) {
            return JSON.nullNode();
        }
        if (value instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        if (value instanceof Long l) {
            return JSON.numberNode(l);
        }
        if (value instanceof Number n) {
            return JSON.numberNode(n.doubleValue());
        }
        if (value instanceof Map<?, ?> m) {
            ObjectNode o = JSON.objectNode();
            m.forEach((k, v) -> o.set(String.valueOf(k), toJson(v)));
            return o;
        }
        if (value instanceof List<?> l) {
            ArrayNode a = JSON.arrayNode();
            l.forEach(v -> a.add(toJson(v)));
            return a;
        }
        if (value instanceof CelByteString bytes) {
            return JSON.binaryNode(bytes.toByteArray());
        }
        if (value instanceof ByteString bytes) {
            return JSON.binaryNode(bytes.toByteArray());
        }
        return JSON.textNode(String.valueOf(value));
    }
}
