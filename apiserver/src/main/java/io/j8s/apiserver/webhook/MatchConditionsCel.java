package io.j8s.apiserver.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one use of CEL in webhooks: a webhook's {@code matchConditions}, expressions over
 * {@code object}, {@code oldObject} and {@code request} that must all be true for the webhook to
 * be called. The standard CEL environment only; the Kubernetes libraries come with the shared
 * CEL environment.
 */
final class MatchConditionsCel {
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .addVar("object", SimpleType.DYN).addVar("oldObject", SimpleType.DYN)
            .addVar("request", SimpleType.DYN).addVar("params", SimpleType.DYN)
            .setResultType(SimpleType.BOOL).build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder()
            .build();
    private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();

    private MatchConditionsCel() {}

    /** Why an expression does not compile to a bool; empty when it does. */
    static String compileError(String expression) {
        try {
            COMPILER.compile(expression).getAst();
            return "";
        } catch (CelValidationException e) {
            return "compilation failed: " + e.getMessage();
        }
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
        Map<String, Object> vars = new HashMap<>();
        vars.put("object", value(object));
        vars.put("oldObject", value(old));
        vars.put("request", value(request));
        vars.put("params", dev.cel.common.values.NullValue.NULL_VALUE);
        for (JsonNode c : conditions) {
            String expression = c.path("expression").asText();
            try {
                Object result = program(expression).eval(vars);
                if (!Boolean.TRUE.equals(result)) {
                    return false;
                }
            } catch (CelEvaluationException | CelValidationException e) {
                throw new IllegalStateException("matchCondition '" + c.path("name").asText()
                        + "' failed to evaluate: " + e.getMessage(), e);
            }
        }
        return true;
    }

    private static CelRuntime.Program program(String expression) throws CelValidationException,
            CelEvaluationException {
        CelRuntime.Program p = PROGRAMS.get(expression);
        if (p == null) {
            CelAbstractSyntaxTree ast = COMPILER.compile(expression).getAst();
            p = RUNTIME.createProgram(ast);
            PROGRAMS.put(expression, p);
        }
        return p;
    }

    /** A JSON tree as CEL values: maps, lists, int64, double, strings, bools, null. */
    static Object value(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return dev.cel.common.values.NullValue.NULL_VALUE;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), value(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(n -> list.add(value(n)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.asText();
    }
}
