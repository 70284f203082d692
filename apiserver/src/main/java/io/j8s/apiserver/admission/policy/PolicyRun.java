package io.j8s.apiserver.admission.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.admission.AdmissionRequest;
import io.j8s.apiserver.admission.AdmissionContext;
import io.j8s.apiserver.admission.ClusterObjects;
import io.j8s.apiserver.authn.Authorizer;
import io.j8s.apiserver.authn.UserInfo;
import io.j8s.apiserver.cel.CelExpressions;
import io.j8s.apiserver.cel.CelExpressions.EvaluationException;
import io.j8s.apiserver.cel.CelValues;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The policies of one write: the CEL variables built once (object, oldObject, request,
 * namespaceObject, authorizer), then per matching binding and parameter the match conditions,
 * variables, validations and audit annotations, with the binding's actions on a failure.
 */
final class PolicyRun {
    static final String FAILURE_ANNOTATION = "validation.policy.admission.k8s.io/validation_failure";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AdmissionRequest r;
    private final AdmissionRequest asked;
    private final AdmissionContext scope;
    private final ClusterObjects objects;
    private final Map<String, Object> base = new HashMap<>();
    private JsonNode namespace;
    private boolean namespaceRead;

    PolicyRun(AdmissionRequest r, AdmissionContext scope, ClusterObjects objects) {
        this(r, r, scope, objects);
    }

    /**
     * A run on {@code r} as a policy matched it, converted to an equivalent version of what was
     * {@code asked} (its {@code request.requestKind} and {@code requestResource}).
     */
    PolicyRun(AdmissionRequest r, AdmissionRequest asked, AdmissionContext scope, ClusterObjects objects) {
        this.r = r;
        this.asked = asked;
        this.scope = scope;
        this.objects = objects;
        base.put("object", CelValues.of(r.object()));
        base.put("oldObject", CelValues.of(r.old()));
        base.put("request", request());
        Authorizer authz = scope.authorizer() != null ? scope.authorizer()
                : Authorizer.alwaysAllow();
        base.put("authorizer", CelExpressions.authorizer(authz, user()));
    }

    private UserInfo user() {
        return scope.userInfo() != null ? scope.userInfo() : UserInfo.ANONYMOUS;
    }

    JsonNode namespaceObject() {
        if (!namespaceRead) {
            namespaceRead = true;
            if (r.namespace() != null && !r.namespace().isEmpty()) {
                namespace = objects.get("", "namespaces", null, r.namespace()).orElse(null);
            }
        }
        return namespace;
    }

    /** Upstream's {@code request}: the admission request's attributes, as webhooks see them. */
    private Map<String, Object> request() {
        UserInfo u = user();
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("kind", kind(r));
        req.put("resource", resource(r));
        req.put("subResource", r.subresource());
        req.put("requestKind", kind(asked));
        req.put("requestResource", resource(asked));
        req.put("requestSubResource", asked.subresource());
        req.put("name", r.name());
        req.put("namespace", r.namespace() == null ? "" : r.namespace());
        req.put("operation", r.operation().name());
        req.put("userInfo", Map.of("username", u.name(), "uid", u.uid(), "groups", u.groups(),
                "extra", u.extra()));
        req.put("dryRun", r.dryRun());
        String options = switch (r.operation().name()) {
            case "CREATE" -> "CreateOptions";
            case "UPDATE" -> "UpdateOptions";
            case "DELETE" -> "DeleteOptions";
            default -> "";
        };
        req.put("options", options.isEmpty() ? Map.of()
                : Map.of("kind", options, "apiVersion", "meta.k8s.io/v1"));
        return req;
    }

    private static Map<String, Object> kind(AdmissionRequest a) {
        return Map.of("group", a.group(), "version", version(a), "kind", a.kind());
    }

    private static Map<String, Object> resource(AdmissionRequest a) {
        return Map.of("group", a.group(), "version", version(a), "resource", a.plural());
    }

    /** The request's version: its own, else its object's apiVersion's. */
    private static String version(AdmissionRequest a) {
        if (!a.version().isEmpty()) {
            return a.version();
        }
        JsonNode o = a.object() != null ? a.object() : a.old();
        String apiVersion = o == null ? "" : o.path("apiVersion").asText("");
        return apiVersion.substring(apiVersion.indexOf('/') + 1);
    }

    void apply(CompiledPolicy policy, ObjectNode binding, PolicyParams params) {
        String bindingName = binding.path("metadata").path("name").asText();
        JsonNode actions = binding.path("spec").path("validationActions");
        JsonNode paramKind = policy.paramKind();
        if (!paramKind.isObject()) {
            evaluate(policy, bindingName, actions, null);
            return;
        }
        JsonNode ref = binding.path("spec").path("paramRef");
        List<ObjectNode> found = ref.isObject() ? params.find(paramKind, ref, r.namespace())
                : null;
        if (found == null) {
            fail(policy, bindingName, "failed to configure binding: " + (ref.isObject()
                    ? "paramKind " + paramKind.path("apiVersion").asText() + ", Kind="
                            + paramKind.path("kind").asText() + " is not served"
                    : "paramRef is required when paramKind is set"), "Invalid");
            return;
        }
        if (found.isEmpty()) {
            if (ref.path("parameterNotFoundAction").asText("Deny").equals("Deny")) {
                deny(policy, bindingName, "no params found for policy binding with `Deny`"
                        + " parameterNotFoundAction", "Invalid");
            }
            return;
        }
        for (ObjectNode param : found) {
            evaluate(policy, bindingName, actions, param);
        }
    }

    private void evaluate(CompiledPolicy policy, String binding, JsonNode actions,
            ObjectNode param) {
        Map<String, Object> vars = new HashMap<>(base);
        vars.put("params", CelValues.of(param));
        vars.put("namespaceObject", CelValues.of(namespaceObject()));
        Map<String, Object> variables = new HashMap<>();
        vars.put("variables", variables);
        for (CompiledPolicy.Condition c : policy.conditions) {
            try {
                if (!Boolean.TRUE.equals(CelExpressions.evaluate(c.expression(), vars))) {
                    return;
                }
            } catch (EvaluationException e) {
                fail(policy, binding, "failed to evaluate match condition '" + c.name() + "': "
                        + e.getMessage(), "Invalid");
                return;
            }
        }
        for (CompiledPolicy.Variable v : policy.variables) {
            try {
                variables.put(v.name(), CelExpressions.evaluate(v.expression(), vars));
            } catch (EvaluationException e) {
                // left out: an expression that uses it fails with "no such key"
            }
        }
        for (int i = 0; i < policy.validations.size(); i++) {
            CompiledPolicy.Validation v = policy.validations.get(i);
            String message;
            try {
                if (Boolean.TRUE.equals(CelExpressions.evaluate(v.expression(), vars))) {
                    continue;
                }
                message = message(v, vars);
            } catch (EvaluationException e) {
                if (policy.failOpen) {
                    continue;
                }
                message = "expression '" + v.expression().expression() + "' resulted in error: "
                        + e.getMessage();
            }
            act(policy, binding, actions, i, message, v.reason());
        }
        for (CompiledPolicy.AuditAnnotation a : policy.audits) {
            try {
                Object value = CelExpressions.evaluate(a.valueExpression(), vars);
                if (value instanceof String s) {
                    scope.annotate(policy.name + "/" + a.key(), s);
                }
            } catch (EvaluationException e) {
                // an annotation that cannot be computed is left out
            }
        }
    }

    private static String message(CompiledPolicy.Validation v, Map<String, Object> vars) {
        if (v.messageExpression() != null) {
            try {
                Object m = CelExpressions.evaluate(v.messageExpression(), vars);
                if (m instanceof String s && !s.isBlank() && !s.contains("\n")) {
                    return s;
                }
            } catch (EvaluationException e) {
                // falls back to the message
            }
        }
        if (!v.message().isEmpty()) {
            return v.message();
        }
        return "failed expression: " + v.expression().expression();
    }

    private void act(CompiledPolicy policy, String binding, JsonNode actions, int index,
            String message, String reason) {
        boolean audit = false;
        for (JsonNode a : actions) {
            switch (a.asText()) {
                case "Warn" -> scope.warn("Validation failed for ValidatingAdmissionPolicy '"
                        + policy.name + "' with binding '" + binding + "': " + message);
                case "Audit" -> audit = true;
                default -> { }
            }
        }
        if (audit) {
            ArrayNode failures = JSON.createArrayNode();
            ObjectNode f = failures.addObject().put("message", message)
                    .put("policy", policy.name).put("binding", binding)
                    .put("expressionIndex", index);
            f.set("validationActions", actions.deepCopy());
            scope.annotate(FAILURE_ANNOTATION, failures.toString());
        }
        for (JsonNode a : actions) {
            if (a.asText().equals("Deny")) {
                deny(policy, binding, message, reason);
            }
        }
    }

    private void fail(CompiledPolicy policy, String binding, String message, String reason) {
        if (!policy.failOpen) {
            deny(policy, binding, message, reason);
        }
    }

    private void deny(CompiledPolicy policy, String binding, String why, String reason) {
        String message = "ValidatingAdmissionPolicy '" + policy.name + "' with binding '"
                + binding + "' denied request: " + why;
        switch (reason) {
            case "Forbidden" -> throw r.forbidden(message);
            case "Unauthorized" -> throw StatusException.unauthorized(message);
            case "RequestEntityTooLarge" -> throw StatusException.tooLarge(message);
            default -> {
                String kind = r.group().isEmpty() ? r.kind() : r.kind() + "." + r.group();
                throw StatusException.invalid(kind, new StatusException.Resource(r.group(),
                        r.plural()), r.name(), List.of(new StatusCause("", message,
                        "FieldValueInvalid")));
            }
        }
    }
}
