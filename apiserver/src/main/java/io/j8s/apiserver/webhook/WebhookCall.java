package io.j8s.apiserver.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.admission.AdmissionRequest;
import io.j8s.apiserver.admission.ClusterObjects;
import io.j8s.apiserver.admission.AdmissionContext;
import io.j8s.apiserver.patch.JsonPatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.logging.Logger;

/**
 * One webhook against one request: whether it is to be called (rules, selectors,
 * matchConditions), the call, and what its answer means: a denial in upstream's words, a patch
 * applied, warnings, audit annotations, and a failed call failing or passing per failurePolicy.
 */
final class WebhookCall {
    private static final Logger LOG = Logger.getLogger(WebhookCall.class.getName());
    private final ClusterObjects objects;
    private final WebhookClient client;

    WebhookCall(ClusterObjects objects, WebhookClient client) {
        this.objects = objects;
        this.client = client;
    }

    boolean matches(Webhook hook, AdmissionRequest r) {
        if (!RuleMatch.any(hook, r)
                || !SelectorMatch.object(hook, r) || !SelectorMatch.namespace(hook, r, objects)) {
            return false;
        }
        if (hook.matchConditions().isEmpty()) {
            return true;
        }
        try {
            return MatchConditionsCel.all(hook.matchConditions(), r.object(), r.old(),
                    AdmissionReviews.request(r, "v1").path("request"));
        } catch (IllegalStateException e) {
            if (hook.ignoresFailures()) {
                return false;
            }
            throw failed(hook, e.getMessage());
        }
    }

    /** Calls a mutating webhook; true when its patch changed the object. */
    boolean mutate(Webhook hook, AdmissionRequest r, int round) {
        JsonNode response = call(hook, r);
        if (response == null) {
            AdmissionContext.current().annotate("failed-open.mutation.webhook.admission.k8s.io/round_"
                    + round + "_index_" + hook.index(), hook.name());
            return false;
        }
        response.path("warnings").forEach(w -> AdmissionContext.current().warn(w.asText()));
        annotate(hook, r, response);
        deny(hook, response);
        if (!response.hasNonNull("patch")) {
            return false;
        }
        try {
            if (!response.path("patchType").asText("").equals("JSONPatch")) {
                throw new IllegalArgumentException("unsupported patch type \""
                        + response.path("patchType").asText("") + "\"");
            }
            JsonNode patch = Json.MAPPER.readTree(Base64.getDecoder().decode(
                    response.path("patch").asText()));
            JsonNode patched = JsonPatch.apply(r.object().deepCopy(), patch);
            if (!(patched instanceof ObjectNode o)) {
                throw new IllegalArgumentException("the patched object is not an object");
            }
            if (o.equals(r.object())) {
                return false;
            }
            r.object().removeAll();
            r.object().setAll(o);
            AdmissionContext.current().annotate("mutation.webhook.admission.k8s.io/round_" + round
                    + "_index_" + hook.index(), "{\"configuration\":\"" + hook.configuration()
                    + "\",\"webhook\":\"" + hook.name() + "\",\"mutated\":true}");
            return true;
        } catch (java.io.IOException | RuntimeException e) {
            if (e instanceof StatusException s) {
                throw s;
            }
            if (hook.ignoresFailures()) {
                return false;
            }
            throw failed(hook, "JSON patch: " + e.getMessage());
        }
    }

    /** Calls a validating webhook; answers its warnings, or throws its denial. */
    List<String> validate(Webhook hook, AdmissionRequest r) {
        JsonNode response = call(hook, r);
        if (response == null) {
            AdmissionContext.current().annotate("failed-open.validating.webhook.admission.k8s.io/index_"
                    + hook.index(), hook.name());
            return List.of();
        }
        annotate(hook, r, response);
        List<String> warnings = new ArrayList<>();
        response.path("warnings").forEach(w -> warnings.add(w.asText()));
        if (!response.path("allowed").asBoolean(false)) {
            warnings.forEach(AdmissionContext.current()::warn);
            deny(hook, response);
        }
        return warnings;
    }

    /** The webhook's response; null when the call failed and the webhook fails open. */
    private JsonNode call(Webhook hook, AdmissionRequest r) {
        if (r.dryRun() && !hook.dryRunSafe()) {
            throw StatusException.badRequest("admission webhook \"" + hook.name()
                    + "\" does not support dry run");
        }
        try {
            String version = AdmissionReviews.version(hook);
            if (version == null) {
                throw new WebhookClient.CallException("webhook does not accept known"
                        + " AdmissionReview versions");
            }
            ObjectNode review = AdmissionReviews.request(r, version);
            return AdmissionReviews.response(review, client.post(hook.clientConfig(), review,
                    Duration.ofSeconds(hook.timeoutSeconds())));
        } catch (WebhookClient.CallException e) {
            if (hook.ignoresFailures()) {
                LOG.warning("failed calling webhook \"" + hook.name() + "\": " + e.getMessage()
                        + "; failing open (failurePolicy Ignore)");
                return null;
            }
            throw failed(hook, e.getMessage());
        }
    }

    private static StatusException failed(Webhook hook, String why) {
        return StatusException.internal("Internal error occurred: failed calling webhook \""
                + hook.name() + "\": " + why);
    }

    private static void annotate(Webhook hook, AdmissionRequest r, JsonNode response) {
        response.path("auditAnnotations").fields().forEachRemaining(e ->
                AdmissionContext.current().annotate(hook.name() + "/" + e.getKey(), e.getValue().asText()));
    }

    /** Upstream's ToStatusErr: the webhook's status, at least 400, its message prefixed. */
    private static void deny(Webhook hook, JsonNode response) {
        if (response.path("allowed").asBoolean(false)) {
            return;
        }
        JsonNode result = response.path("status");
        int code = result.path("code").asInt(0);
        String message = result.path("message").asText("");
        String reason = result.path("reason").asText("");
        String deniedBy = "admission webhook \"" + hook.name() + "\" denied the request";
        String full = !message.isEmpty() ? deniedBy + ": " + message
                : !reason.isEmpty() ? deniedBy + ": " + reason : deniedBy + " without explanation";
        StatusBuilder b = new StatusBuilder().withApiVersion("v1").withKind("Status")
                .withNewMetadata().endMetadata().withStatus("Failure").withMessage(full)
                .withCode(code < 400 ? 400 : code);
        if (!reason.isEmpty()) {
            b.withReason(reason);
        }
        if (result.has("details")) {
            b.withDetails(Json.convert(result.get("details"),
                    io.fabric8.kubernetes.api.model.StatusDetails.class));
        }
        Status status = b.build();
        throw new StatusException(status);
    }
}
