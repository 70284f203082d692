package io.j8s.apiserver.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.apiserver.admission.AdmissionRequest;
import io.j8s.apiserver.authn.UserInfo;
import java.util.List;
import java.util.UUID;

/** AdmissionReview requests (admission.k8s.io/v1 or v1beta1) and the checks of their answers. */
final class AdmissionReviews {
    static final List<String> SUPPORTED = List.of("v1", "v1beta1");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AdmissionReviews() {}

    /** The first version the webhook lists that j8s speaks, as upstream picks it; null if none. */
    static String version(Webhook hook) {
        return hook.admissionReviewVersions().stream().filter(SUPPORTED::contains).findFirst()
                .orElse(null);
    }

    /**
     * The review of {@code r} as the webhook matched it, {@code seen}: the kind, resource and
     * objects of {@code seen}, the requestKind and requestResource of {@code r}.
     */
    static ObjectNode request(AdmissionRequest seen, AdmissionRequest r, String version) {
        ObjectNode review = NODES.objectNode();
        review.put("apiVersion", "admission.k8s.io/" + version);
        review.put("kind", "AdmissionReview");
        ObjectNode req = review.putObject("request");
        req.put("uid", UUID.randomUUID().toString());
        req.set("kind", kind(seen));
        req.set("resource", resource(seen));
        if (!r.subresource().isEmpty()) {
            req.put("subResource", r.subresource());
        }
        req.set("requestKind", kind(r));
        req.set("requestResource", resource(r));
        if (!r.subresource().isEmpty()) {
            req.put("requestSubResource", r.subresource());
        }
        req.put("name", r.name());
        if (r.namespace() != null) {
            req.put("namespace", r.namespace());
        }
        req.put("operation", r.operation().name());
        ObjectNode user = req.putObject("userInfo");
        UserInfo u = r.user();
        if (u != null) {
            user.put("username", u.name());
            if (!u.uid().isEmpty()) {
                user.put("uid", u.uid());
            }
            ArrayNode groups = user.putArray("groups");
            u.groups().forEach(groups::add);
        }
        req.set("object", seen.object() == null ? NODES.nullNode() : seen.object());
        req.set("oldObject", seen.old() == null ? NODES.nullNode() : seen.old());
        req.put("dryRun", r.dryRun());
        String options = switch (r.operation()) {
            case CREATE -> "CreateOptions";
            case UPDATE -> "UpdateOptions";
            case DELETE -> "DeleteOptions";
        };
        req.putObject("options").put("apiVersion", "meta.k8s.io/v1").put("kind", options);
        return review;
    }

    private static ObjectNode kind(AdmissionRequest r) {
        return NODES.objectNode().put("group", r.group()).put("version", r.version())
                .put("kind", r.kind());
    }

    private static ObjectNode resource(AdmissionRequest r) {
        return NODES.objectNode().put("group", r.group()).put("version", r.version())
                .put("resource", r.plural());
    }

    /**
     * The {@code response} of an answer, checked as upstream checks it: same apiVersion and kind
     * as asked, a response, the request's uid.
     *
     * @throws WebhookClient.CallException naming what is wrong
     */
    static JsonNode response(ObjectNode sent, ObjectNode answer) throws WebhookClient.CallException {
        String apiVersion = sent.path("apiVersion").asText();
        if (!answer.path("apiVersion").asText().equals(apiVersion)
                || !answer.path("kind").asText().equals("AdmissionReview")) {
            throw new WebhookClient.CallException("expected webhook response of " + apiVersion
                    + ", Kind=AdmissionReview, got " + answer.path("apiVersion").asText() + ", Kind="
                    + answer.path("kind").asText());
        }
        JsonNode response = answer.path("response");
        if (!response.isObject()) {
            throw new WebhookClient.CallException("webhook response was absent");
        }
        String uid = sent.path("request").path("uid").asText();
        if (!response.path("uid").asText().equals(uid)) {
            throw new WebhookClient.CallException("expected response.uid=\"" + uid + "\", got \""
                    + response.path("uid").asText() + "\"");
        }
        return response;
    }
}
