package io.j8s.apiserver.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.validation.Causes;
import io.j8s.api.validation.FieldPath;
import io.j8s.apiserver.cel.CelExpressions;
import io.j8s.apiserver.cel.CelExpressions.Program;
import io.j8s.apiserver.cel.Variables;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The x-kubernetes-validations rules of a schema, compiled once with self and oldSelf typed by the
 * schema ({@link SchemaTypes}), so that a rule wrong for the schema is refused with the CRD, and
 * run over a custom resource: transition rules (those using oldSelf) only where the old object
 * has the value, unless optionalOldSelf; one per-call limit and one budget for the whole object,
 * as upstream.
 */
final class CelRules {
    /** Upstream's StaticEstimatedCostLimit: the estimate one rule may have. */
    static final long RULE_COST_LIMIT = 10_000_000;
    /** Upstream's StaticEstimatedCRDCostLimit: all rules together, times their occurrences. */
    static final long CRD_COST_LIMIT = 100_000_000;
    /** Upstream's RuntimeCELCostBudget: what all rules may spend on one object. */
    static final long RUNTIME_BUDGET = 10_000_000;

    /** Upstream's supportedValidationReason, sorted as its list. */
    private static final List<String> REASONS = List.of("FieldValueDuplicate",
            "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired");

    /**
     * A rule ready to run: a transition rule uses oldSelf; with optionalOldSelf it also runs when
     * there is no old value, oldSelf being an optional.
     */
    record Rule(JsonNode source, Program program, Program messageExpression, boolean transition,
            boolean optionalOldSelf) {}

    /** A rule that does not compile or costs too much: where in the schema, and why. */
    record Problem(String schemaPath, StatusCause cause) {}

    private final Map<SchemaNode, List<Rule>> rules = new IdentityHashMap<>();
    private final Map<SchemaNode, Boolean> below = new IdentityHashMap<>();
    private final SchemaTypes types;
    final List<Problem> problems = new ArrayList<>();
    long totalCost;

    private CelRules(SchemaTypes types) {
        this.types = types;
    }

    static CelRules compile(SchemaNode root) {
        CelRules r = new CelRules(SchemaTypes.build(root));
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
        CelType self = types.typeOf(s);
        if (self == null) {
            problems.add(new Problem(join(path, "x-kubernetes-validations"), new StatusCause(
                    "x-kubernetes-validations", "Internal error: internal error: failed to"
                            + " construct type information for x-kubernetes-validations rules:"
                            + " unable to convert structural schema to CEL declarations",
                    "InternalError")));
            return false;
        }
        Variables withOldSelf = new Variables(Map.of("self", self, "oldSelf", self))
                .declaring(types.structs());
        Variables withOptionalOldSelf = withOldSelf.with("oldSelf", Variables.optional(self));
        List<Rule> compiled = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode rule = list.get(i);
            String at = join(path, "x-kubernetes-validations[" + i + "]");
            if (!checkFields(s, rule, at)) {
                continue;
            }
            String text = rule.path("rule").asText("");
            boolean optionalOldSelf = rule.path("optionalOldSelf").asBoolean(false);
            Variables vars = optionalOldSelf ? withOptionalOldSelf : withOldSelf;
            CelExpressions.Compiled c = CelExpressions.compile(text, vars);
            if (c instanceof CelExpressions.Failure f) {
                problems.add(new Problem(at + ".rule", Causes.invalid(FieldPath.of("rule"),
                        new Causes.GoValue(goRule(rule)), f.message())));
                continue;
            }
            Program program = (Program) c;
            if (program.resultType().kind() != CelKind.BOOL) {
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
            boolean transition = program.uses("oldSelf");
            if (!transition && rule.has("optionalOldSelf") && !rule.get("optionalOldSelf").isNull()) {
                problems.add(new Problem(at + ".optionalOldSelf", Causes.invalid(
                        FieldPath.of("optionalOldSelf"), rule.get("optionalOldSelf").asBoolean(),
                        "may not be set if oldSelf is not used in rule")));
            }
            Program message = null;
            String expr = rule.path("messageExpression").asText("");
            if (!expr.isBlank()) {
                CelExpressions.Compiled m = CelExpressions.check(expr, vars);
                if (m instanceof CelExpressions.Failure f) {
                    problems.add(new Problem(at + ".messageExpression", Causes.invalid(
                            FieldPath.of("m"), new Causes.GoValue(goRule(rule)),
                            "messageExpression compilation failed: " + f.message())));
                    continue;
                }
                message = (Program) m;
                if (message.resultType().kind() != CelKind.STRING) {
                    problems.add(new Problem(at + ".messageExpression", Causes.invalid(
                            FieldPath.of("m"), new Causes.GoValue(goRule(rule)),
                            "messageExpression must evaluate to a string")));
                    continue;
                }
                long messageCost = message.estimatedCost(p -> SchemaSizes.maxSize(s, p));
                if (messageCost > RULE_COST_LIMIT) {
                    problems.add(new Problem(at + ".messageExpression", Causes.forbidden(
                            FieldPath.of("m"), costMessage("estimated messageExpression cost",
                                    messageCost, RULE_COST_LIMIT))));
                }
                totalCost = CostOf.add(totalCost, messageCost);
            }
            compiled.add(new Rule(rule, program, message, transition, optionalOldSelf));
        }
        rules.put(s, compiled);
        return true;
    }

    /**
     * Upstream's checks of a rule's fields other than its expressions: a rule, a message without
     * line breaks (required when the rule has them), a known reason, a fieldPath that names a
     * field of the schema.
     *
     * @return whether the rule is worth compiling
     */
    private boolean checkFields(SchemaNode s, JsonNode rule, String at) {
        String text = rule.path("rule").asText("");
        String message = rule.path("message").asText("");
        boolean ok = true;
        if (text.isBlank()) {
            problems.add(new Problem(at + ".rule", Causes.required(FieldPath.of("rule"),
                    "rule is not specified")));
            ok = false;
        } else if (!message.isEmpty() && message.isBlank()) {
            problems.add(new Problem(at + ".message", Causes.invalid(FieldPath.of("message"),
                    message, "message must be non-empty if specified")));
        } else if (message.length() > 2048) {
            problems.add(new Problem(at + ".message", Causes.invalid(FieldPath.of("message"),
                    message.substring(0, 10) + "...",
                    "message must have a maximum length of 2048 characters")));
        } else if (message.strip().matches("(?s).*[\\n\\r].*")) {
            problems.add(new Problem(at + ".message", Causes.invalid(FieldPath.of("message"),
                    message, "message must not contain line breaks")));
        } else if (text.strip().matches("(?s).*[\\n\\r].*") && message.isBlank()) {
            problems.add(new Problem(at + ".message", Causes.required(FieldPath.of("message"),
                    "message must be specified if rule contains line breaks")));
        }
        String messageExpression = rule.path("messageExpression").asText("");
        if (!messageExpression.isEmpty() && messageExpression.isBlank()) {
            problems.add(new Problem(at + ".messageExpression", Causes.required(
                    FieldPath.of("messageExpression"),
                    "messageExpression must be non-empty if specified")));
        }
        JsonNode reason = rule.get("reason");
        if (reason != null && !reason.isNull() && !REASONS.contains(reason.asText())) {
            problems.add(new Problem(at + ".reason", Causes.notSupported(FieldPath.of("reason"),
                    reason.asText(), REASONS)));
        }
        String fieldPath = rule.path("fieldPath").asText("");
        if (!fieldPath.isEmpty() && fieldPath.isBlank()) {
            problems.add(new Problem(at + ".fieldPath", Causes.invalid(FieldPath.of("fieldPath"),
                    fieldPath, "fieldPath must be non-empty if specified")));
        }
        if (fieldPath.contains("\n")) {
            problems.add(new Problem(at + ".fieldPath", Causes.invalid(FieldPath.of("fieldPath"),
                    fieldPath, "fieldPath must not contain line breaks")));
        }
        if (!fieldPath.isEmpty()) {
            String error = RuleFieldPath.check(fieldPath, s);
            if (error != null) {
                problems.add(new Problem(at + ".fieldPath", Causes.invalid(
                        FieldPath.of("fieldPath"), fieldPath,
                        "fieldPath must be a valid path: " + error)));
            }
        }
        return ok;
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

    /** The value of {@code v} as a rule on {@code s} sees it. */
    static Object cel(SchemaNode s, JsonNode v) {
        return SchemaValues.of(s, v);
    }
}
