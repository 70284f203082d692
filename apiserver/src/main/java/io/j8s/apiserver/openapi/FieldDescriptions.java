package io.j8s.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.codec.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Upstream's descriptions of types and their fields, by definition name, from the resource the
 * build writes ({@link ClientJavaDescriptions}). A definition
 * {@code io.k8s.api.admissionregistration.v1.ServiceReference} is looked up as
 * {@code admissionregistration.v1.ServiceReference}, then as {@code v1.ServiceReference}: the
 * official client keeps the group in a type's name only where two groups share it.
 */
final class FieldDescriptions {
    static final String RESOURCE = "descriptions.json";

    private static final JsonNode NONE = Json.MAPPER.createObjectNode();
    private static volatile JsonNode loaded;

    private final JsonNode all;

    private FieldDescriptions(JsonNode all) {
        this.all = all;
    }

    /** The descriptions shipped in the jar; none when it was built without them. */
    static FieldDescriptions shipped() {
        JsonNode n = loaded;
        if (n == null) {
            try (InputStream in = FieldDescriptions.class.getResourceAsStream(RESOURCE)) {
                n = in == null ? NONE : Json.MAPPER.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            loaded = n;
        }
        return new FieldDescriptions(n);
    }

    /** The description of the type {@code definition}; empty when upstream has none. */
    String type(String definition) {
        return field(definition, "");
    }

    /** The description of {@code field} of the type {@code definition}; empty when unknown. */
    String field(String definition, String field) {
        return entries(definition).path(field).asText("");
    }

    private JsonNode entries(String definition) {
        String[] parts = definition.split("\\.");
        if (parts.length < 3) {
            return NONE;
        }
        String type = parts[parts.length - 1];
        String version = parts[parts.length - 2];
        String group = parts[parts.length - 3];
        JsonNode grouped = all.get(group + "." + version + "." + type);
        if (grouped != null) {
            return grouped;
        }
        JsonNode plain = all.get(version + "." + type);
        return plain == null ? NONE : plain;
    }
}
