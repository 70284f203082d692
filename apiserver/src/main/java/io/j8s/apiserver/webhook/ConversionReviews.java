package io.j8s.apiserver.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** The checks upstream's webhook converter makes of a ConversionReview's answer. */
final class ConversionReviews {
    private ConversionReviews() {}

    /**
     * The converted objects, each with the metadata of the object it came from but for its
     * labels and annotations.
     */
    static List<ObjectNode> converted(ObjectNode sent, ObjectNode answer, String uid,
            List<ObjectNode> originals, String desired) throws WebhookClient.CallException {
        if (!answer.path("apiVersion").asText().equals(sent.path("apiVersion").asText())
                || !answer.path("kind").asText().equals("ConversionReview")) {
            throw new WebhookClient.CallException("expected webhook response of "
                    + sent.path("apiVersion").asText() + ", Kind=ConversionReview, got "
                    + answer.path("apiVersion").asText() + ", Kind="
                    + answer.path("kind").asText());
        }
        JsonNode response = answer.path("response");
        if (!response.isObject()) {
            throw new WebhookClient.CallException("no response provided");
        }
        if (!response.path("uid").asText().equals(uid)) {
            throw new WebhookClient.CallException("expected response.uid=\"" + uid + "\", got \""
                    + response.path("uid").asText() + "\"");
        }
        JsonNode result = response.path("result");
        if (!result.path("status").asText().equals("Success")) {
            String message = result.path("message").asText("");
            throw new WebhookClient.CallException(message.isEmpty()
                    ? "conversion webhook returned status " + result.path("status").asText("")
                    : message);
        }
        JsonNode objects = response.path("convertedObjects");
        if (objects.size() != originals.size()) {
            throw new WebhookClient.CallException("returned " + objects.size()
                    + " objects, expected " + originals.size());
        }
        List<ObjectNode> out = new ArrayList<>();
        for (int i = 0; i < originals.size(); i++) {
            out.add(restore(i, originals.get(i), objects.get(i), desired));
        }
        return out;
    }

    private static ObjectNode restore(int i, ObjectNode original, JsonNode converted,
            String desired) throws WebhookClient.CallException {
        String at = "invalid converted object at index " + i + ": ";
        if (!(converted instanceof ObjectNode c)) {
            throw new WebhookClient.CallException(at + "not an object");
        }
        if (!c.path("apiVersion").asText().equals(desired)) {
            throw new WebhookClient.CallException(at + "invalid apiVersion \""
                    + c.path("apiVersion").asText() + "\", expected \"" + desired + "\"");
        }
        String kind = original.path("kind").asText();
        if (!c.path("kind").asText().equals(kind)) {
            throw new WebhookClient.CallException(at + "invalid kind \"" + c.path("kind").asText()
                    + "\", expected \"" + kind + "\"");
        }
        JsonNode before = original.path("metadata");
        JsonNode after = c.path("metadata");
        for (String field : List.of("name", "namespace", "uid")) {
            if (after.has(field) && !after.path(field).equals(before.path(field))) {
                throw new WebhookClient.CallException(at + "invalid metadata: metadata." + field
                        + " must not be changed by a conversion");
            }
        }
        ObjectNode meta = before.deepCopy();
        for (String field : List.of("labels", "annotations")) {
            if (after.hasNonNull(field)) {
                meta.set(field, after.get(field));
            } else {
                meta.remove(field);
            }
        }
        c.set("metadata", meta);
        return c;
    }
}
