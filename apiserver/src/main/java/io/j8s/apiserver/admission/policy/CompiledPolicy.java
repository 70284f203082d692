package io.j8s.apiserver.admission.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cel.common.types.CelKind;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.validation.Causes;
import io.j8s.api.validation.FieldPath;
import io.j8s.apiserver.cel.CelExpressions;
import io.j8s.apiserver.cel.CelExpressions.Program;
import io.j8s.apiserver.cel.Variables;
import java.util.ArrayList;
import java.util.List;

/**
 * A ValidatingAdmissionPolicy with every expression compiled: match conditions, variables,
 * validations (with their message expressions) and audit annotations. What does not compile is
 * kept as causes, in upstream's words, for the 422 of the create or update.
 */
final class CompiledPolicy {
    static final Variables VARIABLES = Variables.dyn("object", "oldObject", "request", "params",
            "namespaceObject", "variables").with("authorizer", Variables.AUTHORIZER);

    record Validation(Program expression, String message, Program messageExpression,
            String reason) {}

    record Variable(String name, Program expression) {}

    record AuditAnnotation(String key, Program valueExpression) {}

    record Condition(String name, Program expression) {}

    final ObjectNode policy;
    final String name;
    final boolean failOpen;
    final List<Condition> conditions = new ArrayList<>();
    final List<Variable> variables = new ArrayList<>();
    final List<Validation> validations = new ArrayList<>();
    final List<AuditAnnotation> audits = new ArrayList<>();
    final List<StatusCause> problems = new ArrayList<>();

    CompiledPolicy(ObjectNode policy) {
        this.policy = policy;
        this.name = policy.path("metadata").path("name").asText();
        JsonNode spec = policy.path("spec");
        FieldPath sp = FieldPath.of("spec");
        String failure = spec.path("failurePolicy").asText("Fail");
        this.failOpen = failure.equals("Ignore");
        if (!failure.equals("Fail") && !failure.equals("Ignore")) {
            problems.add(Causes.notSupported(sp.child("failurePolicy"), failure,
                    List.of("Fail", "Ignore")));
        }
        JsonNode conds = spec.path("matchConditions");
        for (int i = 0; i < conds.size(); i++) {
            Program p = compile(conds.get(i).path("expression"),
                    sp.child("matchConditions").index(i).child("expression"), CelKind.BOOL);
            if (p != null) {
                conditions.add(new Condition(conds.get(i).path("name").asText(), p));
            }
        }
        JsonNode vars = spec.path("variables");
        for (int i = 0; i < vars.size(); i++) {
            Program p = compile(vars.get(i).path("expression"),
                    sp.child("variables").index(i).child("expression"), null);
            if (p != null) {
                variables.add(new Variable(vars.get(i).path("name").asText(), p));
            }
        }
        JsonNode vals = spec.path("validations");
        for (int i = 0; i < vals.size(); i++) {
            JsonNode v = vals.get(i);
            FieldPath vp = sp.child("validations").index(i);
            Program p = compile(v.path("expression"), vp.child("expression"), CelKind.BOOL);
            Program m = v.hasNonNull("messageExpression")
                    ? compile(v.path("messageExpression"), vp.child("messageExpression"),
                            CelKind.STRING) : null;
            if (p != null) {
                validations.add(new Validation(p, v.path("message").asText(""), m,
                        v.path("reason").asText("Invalid")));
            }
        }
        JsonNode auds = spec.path("auditAnnotations");
        for (int i = 0; i < auds.size(); i++) {
            Program p = compile(auds.get(i).path("valueExpression"),
                    sp.child("auditAnnotations").index(i).child("valueExpression"), null);
            if (p != null) {
                audits.add(new AuditAnnotation(auds.get(i).path("key").asText(), p));
            }
        }
        if (vals.isEmpty() && auds.isEmpty()) {
            problems.add(Causes.required(sp.child("validations"),
                    "validations or auditAnnotations must contain at least one item"));
        }
    }

    private Program compile(JsonNode text, FieldPath path, CelKind result) {
        String expr = text.asText("");
        if (expr.isEmpty()) {
            problems.add(Causes.required(path, ""));
            return null;
        }
        CelExpressions.Compiled c = CelExpressions.compile(expr, VARIABLES);
        if (c instanceof CelExpressions.Failure f) {
            problems.add(Causes.invalid(path, expr, f.message()));
            return null;
        }
        Program p = (Program) c;
        if (result != null && !p.returns(result)) {
            problems.add(Causes.invalid(path, expr, "must evaluate to "
                    + result.name().toLowerCase(java.util.Locale.ROOT)));
            return null;
        }
        return p;
    }

    JsonNode paramKind() {
        return policy.path("spec").path("paramKind");
    }

    JsonNode matchConstraints() {
        return policy.path("spec").path("matchConstraints");
    }
}
