package io.j8s.apiserver.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.validation.Causes;
import io.j8s.api.validation.FieldPath;
import io.j8s.api.validation.GoQuote;
import java.util.ArrayList;
import java.util.List;

/**
 * What apps/v1 checks beyond selector and template: a Deployment's rollout strategy, and which
 * fields of a StatefulSet's spec an update may change.
 */
final class AppsValidation {
    private static final List<String> STRATEGIES = List.of("Recreate", "RollingUpdate");
    static final String STATEFULSET_FORBIDDEN = "updates to statefulset spec for fields other"
            + " than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit',"
            + " 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

    private AppsValidation() {}

    static List<StatusCause> deploymentStrategy(JsonNode spec) {
        List<StatusCause> causes = new ArrayList<>();
        FieldPath path = FieldPath.of("spec").child("strategy");
        JsonNode strategy = spec.path("strategy");
        String type = strategy.path("type").asText("");
        JsonNode rolling = strategy.get("rollingUpdate");
        if (!STRATEGIES.contains(type)) {
            causes.add(type.isEmpty() ? Causes.required(path.child("type"), "")
                    : Causes.notSupported(path.child("type"), type, STRATEGIES));
        } else if (type.equals("Recreate") && rolling != null && !rolling.isNull()) {
            causes.add(Causes.forbidden(path.child("rollingUpdate"),
                    "may not be specified when strategy `type` is 'Recreate'"));
        } else if (type.equals("RollingUpdate") && rolling != null) {
            FieldPath at = path.child("rollingUpdate");
            Integer unavailable = intOrPercent(rolling.get("maxUnavailable"),
                    at.child("maxUnavailable"), causes);
            Integer surge = intOrPercent(rolling.get("maxSurge"), at.child("maxSurge"), causes);
            if (unavailable != null && unavailable == 0 && surge != null && surge == 0) {
                causes.add(Causes.invalid(at.child("maxUnavailable"),
                        goIntOrString(rolling.get("maxUnavailable")),
                        "may not be 0 when `maxSurge` is 0"));
            }
            JsonNode u = rolling.get("maxUnavailable");
            if (u != null && u.isTextual() && unavailable != null && unavailable > 100) {
                causes.add(Causes.invalid(at.child("maxUnavailable"), goIntOrString(u),
                        "must not be greater than 100%"));
            }
        }
        return causes;
    }

    /** The number or percentage, or null when it is absent or not valid (a cause is added). */
    private static Integer intOrPercent(JsonNode v, FieldPath path, List<StatusCause> causes) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            String s = v.asText();
            if (!s.matches("[0-9]+%")) {
                causes.add(Causes.invalid(path, s, "must be an integer or percentage"
                        + " (e.g '5%')"));
                return null;
            }
            return Integer.parseInt(s.substring(0, s.length() - 1));
        }
        if (v.asLong() < 0) {
            causes.add(Causes.invalid(path, v.asLong(), "must be greater than or equal to 0"));
            return null;
        }
        return v.asInt();
    }

    /** An IntOrString as Go's {@code %#v} prints it. */
    private static Causes.GoValue goIntOrString(JsonNode v) {
        return new Causes.GoValue(v.isTextual()
                ? "intstr.IntOrString{Type:1, IntVal:0, StrVal:" + GoQuote.quote(v.asText()) + "}"
                : "intstr.IntOrString{Type:0, IntVal:" + v.asInt() + ", StrVal:\"\"}");
    }

    static List<StatusCause> statefulSetUpdate(JsonNode spec, JsonNode old) {
        ObjectNode munged = spec.deepCopy();
        for (String allowed : List.of("replicas", "ordinals", "template", "updateStrategy",
                "revisionHistoryLimit", "persistentVolumeClaimRetentionPolicy",
                "minReadySeconds")) {
            if (old.has(allowed)) {
                munged.set(allowed, old.get(allowed));
            } else {
                munged.remove(allowed);
            }
        }
        if (!munged.equals(old)) {
            return List.of(Causes.forbidden(FieldPath.of("spec"), STATEFULSET_FORBIDDEN));
        }
        return List.of();
    }
}
