package io.j8s.apiserver.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.codec.Json;
import io.j8s.api.validation.Causes;
import io.j8s.api.validation.FieldPath;
import io.j8s.api.validation.LabelValidation;
import io.j8s.api.validation.NameFormats;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Upstream's defaults and validation of Mutating- and ValidatingWebhookConfigurations
 * (admissionregistration/v1): unique fully qualified webhook names, rules, sideEffects and
 * admissionReviewVersions required, clientConfig with exactly one of url (https, no query,
 * fragment or user) and service, timeoutSeconds 1 to 30, matchConditions that compile.
 */
public final class WebhookConfigurationValidation {
    private static final List<String> OPERATIONS = List.of("*", "CONNECT", "CREATE", "DELETE",
            "UPDATE");

    private WebhookConfigurationValidation() {}

    /** Upstream's defaults: failurePolicy Fail, matchPolicy Equivalent, timeout 10 s, ... */
    public static void applyDefaults(ObjectNode configuration, boolean mutating) {
        for (JsonNode w : configuration.path("webhooks")) {
            if (!(w instanceof ObjectNode hook)) {
                continue;
            }
            putIfMissing(hook, "failurePolicy", "Fail");
            putIfMissing(hook, "matchPolicy", "Equivalent");
            if (!hook.hasNonNull("namespaceSelector")) {
                hook.putObject("namespaceSelector");
            }
            if (!hook.hasNonNull("objectSelector")) {
                hook.putObject("objectSelector");
            }
            if (!hook.hasNonNull("timeoutSeconds")) {
                hook.put("timeoutSeconds", 10);
            }
            if (mutating) {
                putIfMissing(hook, "reinvocationPolicy", "Never");
            }
            for (JsonNode rule : hook.path("rules")) {
                if (rule instanceof ObjectNode r) {
                    putIfMissing(r, "scope", "*");
                }
            }
            JsonNode service = hook.path("clientConfig").path("service");
            if (service instanceof ObjectNode s && !s.hasNonNull("port")) {
                s.put("port", 443);
            }
        }
    }

    private static void putIfMissing(ObjectNode o, String field, String value) {
        if (!o.hasNonNull(field)) {
            o.put(field, value);
        }
    }

    public static List<StatusCause> validate(ObjectNode configuration, boolean mutating) {
        List<StatusCause> causes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int i = 0;
        for (JsonNode hook : configuration.path("webhooks")) {
            FieldPath path = FieldPath.of("webhooks").index(i++);
            String name = hook.path("name").asText("");
            if (!name.isEmpty() && !names.add(name)) {
                causes.add(Causes.duplicate(path.child("name"), name));
            }
            webhook(hook, path, mutating, causes);
        }
        return causes;
    }

    private static void webhook(JsonNode hook, FieldPath path, boolean mutating,
            List<StatusCause> causes) {
        String name = hook.path("name").asText("");
        if (name.isEmpty()) {
            causes.add(Causes.required(path.child("name"), ""));
        } else {
            NameFormats.dns1123Subdomain(name).forEach(e ->
                    causes.add(Causes.invalid(path.child("name"), name, e)));
            if (name.split("\\.", -1).length < 3) {
                causes.add(Causes.invalid(path.child("name"), name,
                        "should be a domain with at least three segments separated by dots"));
            }
        }
        int j = 0;
        for (JsonNode rule : hook.path("rules")) {
            WebhookRuleValidation.rule(rule, path.child("rules").index(j++), causes);
        }
        oneOf(hook, "failurePolicy", List.of("Fail", "Ignore"), path, causes);
        oneOf(hook, "matchPolicy", List.of("Equivalent", "Exact"), path, causes);
        if (mutating) {
            oneOf(hook, "reinvocationPolicy", List.of("IfNeeded", "Never"), path, causes);
        }
        String sideEffects = hook.path("sideEffects").asText("");
        List<String> allowed = List.of("None", "NoneOnDryRun");
        if (sideEffects.isEmpty()) {
            causes.add(Causes.required(path.child("sideEffects"), "must specify one of "
                    + String.join(", ", allowed)));
        } else if (!allowed.contains(sideEffects)) {
            causes.add(Causes.notSupported(path.child("sideEffects"), sideEffects, allowed));
        }
        reviewVersions(hook.path("admissionReviewVersions"),
                path.child("admissionReviewVersions"), causes);
        if (hook.hasNonNull("timeoutSeconds")) {
            int timeout = hook.path("timeoutSeconds").asInt();
            if (timeout < 1 || timeout > 30) {
                causes.add(Causes.invalid(path.child("timeoutSeconds"), timeout,
                        "the timeout value must be between 1 and 30 seconds"));
            }
        }
        selector(hook, "namespaceSelector", path, causes);
        selector(hook, "objectSelector", path, causes);
        ClientConfigValidation.validate(hook.path("clientConfig"), path.child("clientConfig"),
                causes);
        WebhookRuleValidation.matchConditions(hook.path("matchConditions"),
                path.child("matchConditions"), causes);
    }

    private static void oneOf(JsonNode hook, String field, List<String> values, FieldPath path,
            List<StatusCause> causes) {
        if (hook.hasNonNull(field) && !values.contains(hook.path(field).asText())) {
            causes.add(Causes.notSupported(path.child(field), hook.path(field).asText(), values));
        }
    }

    private static void reviewVersions(JsonNode versions, FieldPath path,
            List<StatusCause> causes) {
        if (versions.size() == 0) {
            causes.add(Causes.required(path, "must specify one of "
                    + String.join(", ", AdmissionReviews.SUPPORTED)));
            return;
        }
        Set<String> seen = new HashSet<>();
        boolean known = false;
        int i = 0;
        for (JsonNode v : versions) {
            String version = v.asText();
            FieldPath at = path.index(i++);
            NameFormats.dns1035Label(version).forEach(e ->
                    causes.add(Causes.invalid(at, version, e)));
            if (!seen.add(version)) {
                causes.add(Causes.invalid(at, version, "duplicate version"));
            }
            known |= AdmissionReviews.SUPPORTED.contains(version);
        }
        if (!known) {
            causes.add(Causes.invalid(path, Json.MAPPER.convertValue(versions, List.class),
                    "must include at least one of " + String.join(", ",
                            AdmissionReviews.SUPPORTED)));
        }
    }

    private static void selector(JsonNode hook, String field, FieldPath path,
            List<StatusCause> causes) {
        if (!hook.hasNonNull(field)) {
            return;
        }
        try {
            LabelSelector s = Json.convert(hook.get(field), LabelSelector.class);
            causes.addAll(LabelValidation.validateLabelSelector(s, path.child(field)));
        } catch (RuntimeException e) {
            causes.add(Causes.invalid(path.child(field), hook.get(field).toString(),
                    e.getMessage()));
        }
    }

    static boolean knownOperation(String op) {
        return OPERATIONS.contains(op);
    }

    static List<String> operations() {
        return OPERATIONS;
    }
}
