package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * Secrets: {@code stringData} is a write-only convenience that upstream folds into {@code data}
 * when it decodes a Secret, its values winning over data's for the same key; it is never stored.
 */
final class SecretStrategy implements Strategy {

    @Override
    public Set<String> selectableFields() {
        return Set.of("type");
    }

    @Override
    public void applyDefaults(ObjectNode secret) {
        JsonNode stringData = secret.remove("stringData");
        if (stringData == null || !stringData.isObject() || stringData.isEmpty()) {
            return;
        }
        ObjectNode data = secret.get("data") instanceof ObjectNode d ? d : secret.putObject("data");
        stringData.properties().forEach(e -> data.put(e.getKey(), Base64.getEncoder()
                .encodeToString(e.getValue().asText("").getBytes(StandardCharsets.UTF_8))));
    }
}
