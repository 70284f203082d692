package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Upstream's continue token: base64 of {@code {"v":"meta.k8s.io/v1","rv":N,"start":"key"}}, where
 * {@code start} is the next key relative to the list's prefix, so a token cannot reach outside it.
 */
record ContinueToken(long revision, String start) {

    String encode() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("v", "meta.k8s.io/v1");
        n.put("rv", revision);
        n.put("start", start);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(n));
    }

    static ContinueToken decode(String token) {
        try {
            byte[] raw = Base64.getUrlDecoder().decode(token.replace('+', '-').replace('/', '_')
                    .replace("=", ""));
            JsonNode n = Json.MAPPER.readTree(new String(raw, StandardCharsets.UTF_8));
            if (n == null || !"meta.k8s.io/v1".equals(n.path("v").asText())
                    || !n.path("rv").canConvertToLong() || n.path("rv").asLong() <= 0
                    || !n.path("start").isTextual()) {
                throw invalid();
            }
            String start = n.get("start").asText();
            if (start.contains("..") || start.startsWith("/")) {
                throw invalid();
            }
            return new ContinueToken(n.get("rv").asLong(), start);
        } catch (IllegalArgumentException | IOException e) {
            throw invalid();
        }
    }

    private static StatusException invalid() {
        return StatusException.badRequest("continue key is not valid: the continue token is"
                + " malformed; start a new list without it");
    }
}
