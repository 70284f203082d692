package io.j8s.apiserver.admission.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.catalogue.ResourceCatalogue;
import io.j8s.api.errors.StatusException;
import io.j8s.api.validation.Causes;
import io.j8s.api.validation.FieldPath;
import io.j8s.apiserver.admission.AdmissionPlugin;
import io.j8s.apiserver.admission.AdmissionRequest;
import io.j8s.apiserver.admission.AdmissionContext;
import io.j8s.apiserver.admission.ClusterObjects;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream's ValidatingAdmissionPolicy plugin: every binding whose policy matches the write runs
 * the policy's validations (per parameter object when the policy has a paramKind) and acts on a
 * failure as the binding says: Deny refuses the write, Warn adds a Warning header, Audit records
 * an audit annotation. A policy or binding that is created or updated is checked first: an
 * expression that does not compile is a 422. Policies are compiled once per resourceVersion.
 */
public final class ValidatingAdmissionPolicyAdmission implements AdmissionPlugin {
    static final String GROUP = "admissionregistration.k8s.io";
    static final String POLICIES = "validatingadmissionpolicies";
    static final String BINDINGS = "validatingadmissionpolicybindings";
    private static final List<String> ACTIONS = List.of("Deny", "Warn", "Audit");

    private final ClusterObjects objects;
    private final PolicyParams params;
    private final Map<String, CompiledPolicy> compiled = new ConcurrentHashMap<>();
    private final PolicyStatus status;

    public ValidatingAdmissionPolicyAdmission(ClusterObjects objects,
            ResourceCatalogue catalogue) {
        this.objects = objects;
        this.params = new PolicyParams(objects, catalogue);
        this.status = new PolicyStatus(objects, new PolicyTypeChecking(objects, catalogue));
    }

    @Override
    public String name() {
        return "ValidatingAdmissionPolicy";
    }

    @Override
    public void validateDelete(AdmissionRequest r) {
        validate(r);
    }

    @Override
    public void validate(AdmissionRequest r) {
        if (r.group().equals(GROUP) && r.plural().equals(POLICIES) && r.object() != null) {
            List<StatusCause> problems = compile(r.object()).problems;
            if (!problems.isEmpty()) {
                throw StatusException.invalid("ValidatingAdmissionPolicy",
                        new StatusException.Resource(GROUP, POLICIES), r.name(), problems);
            }
            if (r.subresource() == null || r.subresource().isEmpty()) {
                status.written(r.name());
            }
            return;
        }
        if (r.group().equals(GROUP) && r.plural().equals(BINDINGS) && r.object() != null) {
            List<StatusCause> problems = bindingProblems(r.object());
            if (!problems.isEmpty()) {
                throw StatusException.invalid("ValidatingAdmissionPolicyBinding",
                        new StatusException.Resource(GROUP, BINDINGS), r.name(), problems);
            }
            return;
        }
        List<ObjectNode> bindings = objects.cached(GROUP, BINDINGS, null);
        if (bindings.isEmpty()) {
            return;
        }
        Map<String, CompiledPolicy> byName = new java.util.HashMap<>();
        for (ObjectNode p : objects.cached(GROUP, POLICIES, null)) {
            CompiledPolicy c = compile(p);
            byName.put(c.name, c);
            status.check(p);
        }
        PolicyRun run = new PolicyRun(r, AdmissionContext.current(), objects);
        for (ObjectNode binding : bindings) {
            CompiledPolicy policy = byName.get(binding.path("spec").path("policyName").asText());
            if (policy == null || !policy.problems.isEmpty()) {
                continue;
            }
            AdmissionRequest seen = matching(policy.matchConstraints(), r, run::namespaceObject,
                    true);
            if (seen == null) {
                continue;
            }
            JsonNode matchResources = binding.path("spec").path("matchResources");
            if (matching(matchResources, r, run::namespaceObject, false) == null) {
                continue;
            }
            (seen == r ? run : new PolicyRun(seen, r, AdmissionContext.current(), objects))
                    .apply(policy, binding, params);
        }
    }

    /**
     * {@code r} as {@code match} takes it: {@code r} itself when its rules name its resource;
     * with matchPolicy Equivalent (the default), {@code r} at the first equivalent group/version
     * they name (another served version of a custom resource, autoscaling/v1 for /v2), its
     * objects converted to it, as upstream evaluates a policy; null when it does not match.
     */
    private AdmissionRequest matching(JsonNode match, AdmissionRequest r,
            java.util.function.Supplier<JsonNode> namespace, boolean requireRules) {
        if (PolicyMatch.matches(match, r, namespace, requireRules)) {
            return r;
        }
        if (match == null || !match.isObject() || r.version().isEmpty()
                || !match.path("matchPolicy").asText("Equivalent").equals("Equivalent")) {
            return null;
        }
        return objects.atEquivalent(r, as -> PolicyMatch.matches(match, as, namespace, requireRules));
    }

    private CompiledPolicy compile(ObjectNode policy) {
        JsonNode meta = policy.path("metadata");
        String uid = meta.path("uid").asText("");
        String rv = meta.path("resourceVersion").asText("");
        if (uid.isEmpty() || rv.isEmpty()) {
            return new CompiledPolicy(policy);
        }
        String key = uid + "/" + rv;
        CompiledPolicy c = compiled.get(key);
        if (c == null) {
            c = new CompiledPolicy(policy);
            compiled.keySet().removeIf(k -> k.startsWith(uid + "/"));
            compiled.put(key, c);
        }
        return c;
    }

    private static List<StatusCause> bindingProblems(ObjectNode binding) {
        List<StatusCause> causes = new ArrayList<>();
        FieldPath sp = FieldPath.of("spec");
        JsonNode spec = binding.path("spec");
        if (spec.path("policyName").asText("").isEmpty()) {
            causes.add(Causes.required(sp.child("policyName"), ""));
        }
        JsonNode actions = spec.path("validationActions");
        if (actions.isEmpty()) {
            causes.add(Causes.required(sp.child("validationActions"),
                    "at least one validation action is required"));
        }
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            String a = actions.get(i).asText();
            if (!ACTIONS.contains(a)) {
                causes.add(Causes.notSupported(sp.child("validationActions").index(i), a,
                        ACTIONS));
            } else if (seen.contains(a)) {
                causes.add(Causes.duplicate(sp.child("validationActions").index(i), a));
            }
            seen.add(a);
        }
        if (actions.toString().contains("\"Deny\"") && actions.toString().contains("\"Warn\"")) {
            causes.add(Causes.invalid(sp.child("validationActions"),
                    new Causes.GoValue(actions.toString()),
                    "must not contain both Deny and Warn (repeating the same validation failure"
                            + " information in the API response and headers serves no purpose)"));
        }
        JsonNode ref = spec.path("paramRef");
        if (ref.isObject()) {
            boolean name = ref.hasNonNull("name"), selector = ref.hasNonNull("selector");
            if (name == selector) {
                causes.add(Causes.required(sp.child("paramRef"),
                        "one of name or selector must be specified"));
            }
            String action = ref.path("parameterNotFoundAction").asText("");
            if (action.isEmpty()) {
                causes.add(Causes.required(sp.child("paramRef").child("parameterNotFoundAction"),
                        ""));
            } else if (!action.equals("Allow") && !action.equals("Deny")) {
                causes.add(Causes.notSupported(sp.child("paramRef")
                        .child("parameterNotFoundAction"), action, List.of("Allow", "Deny")));
            }
        }
        return causes;
    }
}
