package io.j8s.api.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.j8s.api.errors.StatusException;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The one JSON (and YAML) mapper j8s uses, and decoding that fails as a 400 rather than a 500. */
public final class Json {
    /**
     * Shared and thread-safe; never reconfigure it. Its parsers' and generators' buffers come from
     * one shared pool: Jackson's default keeps them per thread, and the API server serves each
     * request on a new virtual thread, so that would allocate some 16 KB of fresh buffers for every
     * document read or written.
     */
    public static final ObjectMapper MAPPER = StatusOrder.register(JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .addModule(new JavaTimeModule())
            .build());

    public static final ObjectMapper YAML = StatusOrder.register(new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .registerModule(new JavaTimeModule())
            .setSerializationInclusion(JsonInclude.Include.NON_NULL));

    private Json() {}

    /** Parses a request body that must be one JSON (or YAML) object. */
    public static ObjectNode parseObject(byte[] body, boolean yaml) {
        JsonNode node;
        try {
            node = (yaml ? YAML : MAPPER).readTree(body);
        } catch (IOException e) {
            throw StatusException.badRequest("the body of the request was in an unknown format: "
                    + firstLine(e.getMessage()));
        }
        if (node == null || node.isMissingNode()) {
            throw StatusException.badRequest("the body of the request is empty");
        }
        if (!(node instanceof ObjectNode object)) {
            throw StatusException.badRequest("the body of the request must be a JSON object, not "
                    + node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
        }
        return object;
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A {@code Status} as a kube-apiserver writes it (Go's json.Encoder): upstream's field order,
     * Go's escapes and a newline at the end.
     */
    public static byte[] statusBytes(io.fabric8.kubernetes.api.model.Status status) {
        try {
            byte[] json = MAPPER.writer(new GoEscapes()).writeValueAsBytes(status);
            byte[] out = java.util.Arrays.copyOf(json, json.length + 1);
            out[json.length] = '\n';
            return out;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode tree(byte[] stored) {
        try {
            return (ObjectNode) MAPPER.readTree(stored);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    public static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw StatusException.badRequest("cannot decode " + type.getSimpleName() + ": "
                    + firstLine(e.getOriginalMessage()));
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "malformed";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
