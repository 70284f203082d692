package io.j8s.apiserver.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.validation.Causes;
import io.j8s.api.validation.FieldPath;
import io.j8s.apiserver.cel.CelExpressions;
import io.j8s.apiserver.cel.CelExpressions.EvaluationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run of the rules over an object: each rule with self (and oldSelf for transition rules,
 * correlated through properties, map keys and list-type=map keys; an optional for rules with
 * optionalOldSelf, empty on create), within the budget.
 */
final class RuleRun {
    private final CelRules rules;
    private final List<StatusCause> causes;
    private long budget = CelRules.RUNTIME_BUDGET;
    private boolean exhausted;

    RuleRun(CelRules rules, List<StatusCause> causes) {
        this.rules = rules;
        this.causes = causes;
    }

    void run(SchemaNode s, JsonNode v, JsonNode old, FieldPath p) {
        if (exhausted || v == null || v.isNull() || v.isMissingNode() || !rules.rulesBelow(s)) {
            return;
        }
        for (CelRules.Rule r : rules.at(s)) {
            check(s, r, v, old, p);
        }
        if (v.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                SchemaNode c = s.child(e.getKey());
                if (c != null) {
                    run(c, e.getValue(), old == null ? null : old.get(e.getKey()),
                            OpenApiValidator.child(p, e.getKey()));
                }
            }
        } else if (v.isArray() && s.items != null) {
            Map<List<JsonNode>, JsonNode> olds = correlated(s, old);
            for (int i = 0; i < v.size(); i++) {
                JsonNode item = v.get(i);
                JsonNode oldItem = olds == null ? null : olds.get(key(s, item));
                run(s.items, item, oldItem, OpenApiValidator.index(p, i));
            }
        }
    }

    private static Map<List<JsonNode>, JsonNode> correlated(SchemaNode s, JsonNode old) {
        if (old == null || !old.isArray()) {
            return null;
        }
        if (s.listType().equals("map")) {
            Map<List<JsonNode>, JsonNode> byKey = new HashMap<>();
            old.forEach(o -> byKey.put(key(s, o), o));
            return byKey;
        }
        if (s.listType().equals("set")) {
            Map<List<JsonNode>, JsonNode> byValue = new HashMap<>();
            old.forEach(o -> byValue.put(List.of(o), o));
            return byValue;
        }
        return null;
    }

    private static List<JsonNode> key(SchemaNode s, JsonNode item) {
        if (!s.listType().equals("map")) {
            return List.of(item);
        }
        List<JsonNode> k = new ArrayList<>();
        s.mapKeys().forEach(name -> k.add(item.path(name)));
        return k;
    }

    private void check(SchemaNode s, CelRules.Rule r, JsonNode v, JsonNode old, FieldPath p) {
        boolean hasOld = old != null && !old.isNull();
        if (r.transition() && !hasOld && !r.optionalOldSelf()) {
            return;
        }
        Map<String, Object> vars = new HashMap<>();
        vars.put("self", CelRules.cel(s, v));
        if (r.optionalOldSelf()) {
            vars.put("oldSelf", hasOld ? Optional.of(CelRules.cel(s, old)) : Optional.empty());
        } else if (hasOld) {
            vars.put("oldSelf", CelRules.cel(s, old));
        }
        FieldPath at = p == null ? FieldPath.of("<nil>") : p;
        String type = s.type.isEmpty() ? "object" : s.type;
        String ruleText = r.source().path("rule").asText();
        try {
            long[] spent = {0};
            Object result;
            try {
                result = CelExpressions.evaluate(r.program(), vars,
                        Math.min(CelExpressions.PER_CALL_LIMIT, budget), spent);
            } finally {
                budget -= spent[0];
            }
            if (Boolean.TRUE.equals(result)) {
                return;
            }
            if (!(result instanceof Boolean)) {
                causes.add(Causes.invalid(at, type, "rule did not evaluate to a bool: "
                        + ruleText));
                return;
            }
            causes.add(failure(r, vars, at, type, p));
        } catch (EvaluationException e) {
            if (e.costExceeded()) {
                if (budget <= 0) {
                    exhausted = true;
                    causes.add(Causes.invalid(at, type, "validation failed due to running out of"
                            + " cost budget, no further validation rules will be run"));
                } else {
                    causes.add(Causes.invalid(at, type, "call cost exceeds limit for rule: "
                            + ruleText));
                }
                return;
            }
            causes.add(Causes.invalid(at, type, e.getMessage() + " evaluating rule: "
                    + ruleText));
        }
    }

    private StatusCause failure(CelRules.Rule r, Map<String, Object> vars, FieldPath at,
            String type, FieldPath p) {
        JsonNode src = r.source();
        String message = src.path("message").asText("");
        if (r.messageExpression() != null) {
            try {
                Object m = CelExpressions.evaluate(r.messageExpression(), vars);
                if (m instanceof String s && !s.isBlank() && !s.contains("\n")) {
                    message = s;
                }
            } catch (EvaluationException e) {
                // upstream falls back to the message, or the default
            }
        }
        if (message.isEmpty()) {
            message = "failed rule: " + src.path("rule").asText();
        }
        FieldPath field = at;
        String fieldPath = src.path("fieldPath").asText("");
        if (!fieldPath.isEmpty()) {
            field = relative(p, fieldPath);
        }
        return switch (src.path("reason").asText("FieldValueInvalid")) {
            case "FieldValueRequired" -> Causes.required(field, message);
            case "FieldValueForbidden" -> Causes.forbidden(field, message);
            case "FieldValueDuplicate" -> new StatusCause(field.value(),
                    "Duplicate value: \"" + message + "\"", "FieldValueDuplicate");
            default -> Causes.invalid(field, type, message);
        };
    }

    /** A rule's fieldPath ({@code .spec.foo}, {@code ['foo.bar']}, {@code .items[0]}). */
    private static FieldPath relative(FieldPath base, String fieldPath) {
        FieldPath f = base;
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("\\.([A-Za-z0-9_\\-]+)|\\['([^']*)'\\]|\\[(\\d+)\\]").matcher(fieldPath);
        while (m.find()) {
            if (m.group(3) != null) {
                f = OpenApiValidator.index(f, Integer.parseInt(m.group(3)));
            } else {
                f = OpenApiValidator.child(f, m.group(1) != null ? m.group(1) : m.group(2));
            }
        }
        return f == null ? FieldPath.of("<nil>") : f;
    }
}
