package io.j8s.apiserver.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.apiserver.admission.AdmissionContext;
import io.j8s.apiserver.authn.UserInfo;
import io.j8s.apiserver.cel.CelExpressions;
import io.j8s.apiserver.cel.CelValues;
import io.j8s.apiserver.cel.Variables;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A webhook's {@code matchConditions}: expressions over {@code object}, {@code oldObject},
 * {@code request} and {@code authorizer}, in the server's Kubernetes CEL environment, that must
 * all be true for the webhook to be called.
 */
final class MatchConditionsCel {
    private static final Variables VARIABLES = Variables.dyn("object", "oldObject", "request")
            .with("authorizer", Variables.AUTHORIZER);
    private static final Map<String, CelExpressions.Compiled> PROGRAMS = new ConcurrentHashMap<>();

    private MatchConditionsCel() {}

    /** Why an expression does not compile to a bool; empty when it does. */
    static String compileError(String expression) {
        return switch (compiled(expression)) {
            case CelExpressions.Failure f -> f.message();
            case CelExpressions.Program p -> p.returns(dev.cel.common.types.CelKind.BOOL) ? ""
                    : "compilation failed: must evaluate to bool";
        };
    }

    /**
     * Whether every condition holds; the first false ends it.
     *
     * @throws IllegalStateException naming the condition that could not be evaluated
     */
    static boolean all(List<JsonNode> conditions, JsonNode object, JsonNode old,
            JsonNode request) {
        if (conditions.isEmpty()) {
            return true;
        }
        AdmissionContext context = AdmissionContext.current();
        UserInfo user = context.userInfo() != null ? context.userInfo() : UserInfo.ANONYMOUS;
        Map<String, Object> vars = new HashMap<>();
        vars.put("object", CelValues.of(object));
        vars.put("oldObject", CelValues.of(old));
        vars.put("request", CelValues.of(request));
        if (context.authorizer() != null) {
            vars.put("authorizer", CelExpressions.authorizer(context.authorizer(), user));
        }
        for (JsonNode c : conditions) {
            String name = c.path("name").asText();
            try {
                if (!(compiled(c.path("expression").asText())
                        instanceof CelExpressions.Program p)) {
                    throw new IllegalStateException("matchCondition '" + name
                            + "' does not compile");
                }
                if (!Boolean.TRUE.equals(CelExpressions.evaluate(p, vars))) {
                    return false;
                }
            } catch (CelExpressions.EvaluationException e) {
                throw new IllegalStateException("matchCondition '" + name
                        + "' failed to evaluate: " + e.getMessage(), e);
            }
        }
        return true;
    }

    private static CelExpressions.Compiled compiled(String expression) {
        return PROGRAMS.computeIfAbsent(expression,
                e -> CelExpressions.compile(e, VARIABLES));
    }
}
