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

    /**
     * The request as {@code hook} is to see it, or null when it is not to be called: {@code r}
     * itself when a rule names its resource; with matchPolicy Equivalent, else {@code r} at the
     * first equivalent group/version a rule names (another served version of a custom resource,
     * autoscaling/v1 for /v2), its objects converted to that version, as upstream sends it.
     */
    AdmissionRequest matching(Webhook hook, AdmissionRequest r) {
        AdmissionRequest seen = RuleMatch.any(hook, r) ? r
                : hook.matchPolicy().equals("Equivalent")
                        ? objects.atEquivalent(r, as -> RuleMatch.any(hook, as)) : null;
        if (seen == null
                || !SelectorMatch.object(hook, r) || !SelectorMatch.namespace(hook, r, objects)) {
            return null;
        }
        if (hook.matchConditions().isEmpty()) {
            return seen;
        }
        try {
            return MatchConditionsCel.all(hook.matchConditions(), seen.object(), seen.old(),
                    AdmissionReviews.request(seen, r, "v1").path("request")) ? seen : null;
        } catch (IllegalStateException e) {
            if (hook.ignoresFailures()) {
                return null;
            }
            throw failed(hook, e.getMessage());
        }
    }

    /**
     * Calls a mutating webhook with the request {@code seen} as it matched ({@link #matching});
     * true when its patch changed the object of {@code r}.
     */
    boolean mutate(Webhook hook, AdmissionRequest seen, AdmissionRequest r, int round) {
        JsonNode response = call(hook, seen, r);
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
            JsonNode patched = JsonPatch.apply(seen.object().deepCopy(), patch);
            if (!(patched instanceof ObjectNode o)) {
                throw new IllegalArgumentException("the patched object is not an object");
            }
            if (o.equals(seen.object())) {
                return false;
            }
            ObjectNode back = seen == r ? o
                    : objects.convert(r.group(), r.plural(), o, r.version());
            r.object().removeAll();
            r.object().setAll(back);
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

    /**
     * Calls a validating webhook with the request {@code seen} as it matched {@code r}; answers
     * its warnings, or throws its denial.
     */
    List<String> validate(Webhook hook, AdmissionRequest seen, AdmissionRequest r) {
        JsonNode response = call(hook, seen, r);
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
    private JsonNode call(Webhook hook, AdmissionRequest seen, AdmissionRequest r) {
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
            ObjectNode review = AdmissionReviews.request(seen, r, version);
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
