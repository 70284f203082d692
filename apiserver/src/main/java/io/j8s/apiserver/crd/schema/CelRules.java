package io.j8s.apiserver.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.types.CelKind;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.validation.Causes;
import io.j8s.api.validation.FieldPath;
import io.j8s.apiserver.cel.CelExpressions;
import io.j8s.apiserver.cel.CelExpressions.Program;
import io.j8s.apiserver.cel.CelValues;
import io.j8s.apiserver.cel.Variables;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The x-kubernetes-validations rules of a schema, compiled once with self and oldSelf, and run
 * over a custom resource: transition rules (those using oldSelf) only where the old object has
 * the value; one per-call limit and one budget for the whole object, as upstream.
 */
final class CelRules {
    /** Upstream's StaticEstimatedCostLimit: the estimate one rule may have. */
    static final long RULE_COST_LIMIT = 10_000_000;
    /** Upstream's StaticEstimatedCRDCostLimit: all rules together, times their occurrences. */
    static final long CRD_COST_LIMIT = 100_000_000;
    /** Upstream's RuntimeCELCostBudget: what all rules may spend on one object. */
    static final long RUNTIME_BUDGET = 10_000_000;
    static final Variables VARIABLES = Variables.dyn("self", "oldSelf");

    /** A rule ready to run. */
    record Rule(JsonNode source, Program program, Program messageExpression, boolean transition) {}

    /** A rule that does not compile or costs too much: where in the schema, and why. */
    record Problem(String schemaPath, StatusCause cause) {}

    private final Map<SchemaNode, List<Rule>> rules = new IdentityHashMap<>();
    private final Map<SchemaNode, Boolean> below = new IdentityHashMap<>();
    final List<Problem> problems = new ArrayList<>();
    long totalCost;

    static CelRules compile(SchemaNode root) {
        CelRules r = new CelRules();
        r.walk(root, "", 1);
        return r;
    }

    private boolean walk(SchemaNode s, String path, long occurrences) {
        boolean any = compileHere(s, path, occurrences);
        long inner = CostOf.mul(occurrences, SchemaSizes.occurrences(s));
        for (Map.Entry<String, SchemaNode> p : s.properties.entrySet()) {
            any |= walk(p.getValue(), join(path, "properties[" + p.getKey() + "]"), occurrences);
        }
        if (s.items != null) {
            any |= walk(s.items, join(path, "items"), inner);
        }
        if (s.additional != null) {
            any |= walk(s.additional, join(path, "additionalProperties"), inner);
        }
        below.put(s, any);
        return any;
    }

    private boolean compileHere(SchemaNode s, String path, long occurrences) {
        JsonNode list = s.rules();
        if (!list.isArray() || list.isEmpty()) {
            return false;
        }
        List<Rule> compiled = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode rule = list.get(i);
            String at = join(path, "x-kubernetes-validations[" + i + "]");
            String text = rule.path("rule").asText("");
            CelExpressions.Compiled c = CelExpressions.compile(text, VARIABLES);
            if (c instanceof CelExpressions.Failure f) {
                problems.add(new Problem(at + ".rule", Causes.invalid(FieldPath.of("rule"),
                        new Causes.GoValue(goRule(rule)), f.message())));
                continue;
            }
            Program program = (Program) c;
            if (!program.returns(CelKind.BOOL)) {
                problems.add(new Problem(at + ".rule", Causes.invalid(FieldPath.of("rule"),
                        new Causes.GoValue(goRule(rule)), "cel expression must evaluate to a bool")));
                continue;
            }
            long cost = program.estimatedCost(p -> SchemaSizes.maxSize(s, p));
            if (cost > RULE_COST_LIMIT) {
                problems.add(new Problem(at + ".rule", Causes.forbidden(FieldPath.of("rule"),
                        costMessage("estimated rule cost", cost, RULE_COST_LIMIT))));
            }
            totalCost = CostOf.add(totalCost, CostOf.mul(cost, occurrences));
            Program message = null;
            String expr = rule.path("messageExpression").asText("");
            if (!expr.isEmpty()) {
                CelExpressions.Compiled m = CelExpressions.compile(expr, VARIABLES);
                if (m instanceof CelExpressions.Failure f) {
                    problems.add(new Problem(at + ".messageExpression", Causes.invalid(
                            FieldPath.of("m"), new Causes.GoValue(goRule(rule)), f.message())));
                    continue;
                }
                message = (Program) m;
                if (!message.returns(CelKind.STRING)) {
                    problems.add(new Problem(at + ".messageExpression", Causes.invalid(
                            FieldPath.of("m"), new Causes.GoValue(goRule(rule)),
                            "must evaluate to a string")));
                    continue;
                }
            }
            boolean transition = text.contains("oldSelf");
            compiled.add(new Rule(rule, program, message, transition));
        }
        rules.put(s, compiled);
        return true;
    }

    /** Upstream's getCostErrorMessage. */
    static String costMessage(String what, long cost, long limit) {
        double factor = (double) cost / limit;
        String f = factor > 100.0 ? "more than 100x"
                : factor < 1.5 ? String.format("%fx", factor) : String.format("%.1fx", factor);
        return what + " exceeds budget by factor of " + f + " (try simplifying the rule, or adding"
                + " maxItems, maxProperties, and maxLength where arrays, maps, and strings are"
                + " declared)";
    }

    static String goRule(JsonNode r) {
        return "apiextensions.ValidationRule{Rule:" + q(r.path("rule").asText(""))
                + ", Message:" + q(r.path("message").asText(""))
                + ", MessageExpression:" + q(r.path("messageExpression").asText(""))
                + ", Reason:" + (r.has("reason") ? "\"" + r.path("reason").asText() + "\""
                        : "(*apiextensions.FieldValueErrorReason)(nil)")
                + ", FieldPath:" + q(r.path("fieldPath").asText("")) + ", OptionalOldSelf:"
                + (r.has("optionalOldSelf") ? r.path("optionalOldSelf").asText() : "(*bool)(nil)")
                + "}";
    }

    private static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : a + "." + b;
    }

    void validate(SchemaNode root, JsonNode value, JsonNode old, List<StatusCause> causes) {
        if (rules.isEmpty()) {
            return;
        }
        new RuleRun(this, causes).run(root, value, old, null);
    }

    List<Rule> at(SchemaNode s) {
        return rules.getOrDefault(s, List.of());
    }

    boolean rulesBelow(SchemaNode s) {
        return below.getOrDefault(s, false);
    }

    /** Saturating cost arithmetic. */
    static final class CostOf {
        static long add(long a, long b) {
            long r = a + b;
            return r < 0 ? Long.MAX_VALUE : r;
        }

        static long mul(long a, long b) {
            if (a == 0 || b == 0) {
                return 0;
            }
            return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
        }
    }

    static Iterator<Map.Entry<String, JsonNode>> fields(JsonNode v) {
        return v.fields();
    }

    static Object cel(JsonNode v) {
        return CelValues.of(v);
    }
}
