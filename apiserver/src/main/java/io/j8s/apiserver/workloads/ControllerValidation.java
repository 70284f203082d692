package io.j8s.apiserver.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.codec.Json;
import io.j8s.api.selectors.LabelSelector;
import io.j8s.api.validation.Causes;
import io.j8s.api.validation.FieldPath;
import io.j8s.api.validation.LabelValidation;
import io.j8s.api.validation.ObjectMetaValidation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Upstream's validation of the controllers that run pods: replica counts, a selector that is
 * present, not empty and matches the template's labels, the template's pod spec (with paths under
 * {@code spec.template.spec}) and the restart policies each kind allows.
 */
public final class ControllerValidation {
    private static final List<String> ALWAYS = List.of("Always");
    static final List<String> RUN_TO_COMPLETION = List.of("OnFailure", "Never");
    private static final FieldPath SPEC = FieldPath.of("spec");

    private ControllerValidation() {}

    public static List<StatusCause> validate(String kind, JsonNode object) {
        List<StatusCause> causes = new ArrayList<>();
        JsonNode spec = object.path("spec");
        switch (kind) {
            case "Deployment" -> {
                nonNegative(spec, "replicas", SPEC, causes);
                selectorAndTemplate(spec, SPEC, "deployment", ALWAYS, causes);
                causes.addAll(AppsValidation.deploymentStrategy(spec));
            }
            case "ReplicaSet", "StatefulSet" -> {
                nonNegative(spec, "replicas", SPEC, causes);
                selectorAndTemplate(spec, SPEC, kind.equals("StatefulSet") ? "statefulset"
                        : "deployment", ALWAYS, causes);
            }
            case "DaemonSet" -> selectorAndTemplate(spec, SPEC, "daemonset", ALWAYS, causes);
            case "ReplicationController" -> replicationController(spec, causes);
            case "Job" -> JobValidation.validateSpec(spec, SPEC, true, causes);
            case "CronJob" -> {
                String name = object.path("metadata").path("name").asText("");
                if (name.length() > 52) { // room for the 11 characters a Job's name adds
                    causes.add(Causes.invalid(FieldPath.of("metadata").child("name"), name,
                            "must be no more than 52 characters"));
                }
                causes.addAll(CronJobValidation.validate(spec));
            }
            default -> throw new IllegalArgumentException(kind);
        }
        return causes;
    }

    /** apps/v1 selectors never change; a Job's neither. */
    public static List<StatusCause> validateUpdate(String kind, JsonNode object, JsonNode old) {
        List<StatusCause> causes = new ArrayList<>();
        JsonNode selector = object.path("spec").path("selector");
        JsonNode oldSelector = old.path("spec").path("selector");
        if (!kind.equals("ReplicationController") && !kind.equals("CronJob")
                && !kind.equals("StatefulSet") // its selector falls under the spec rule below
                && !selector.equals(oldSelector)) {
            causes.add(Causes.invalid(SPEC.child("selector"), new Causes.GoValue(
                    GoStructs.labelSelector(selector)), ObjectMetaValidation.FIELD_IMMUTABLE));
        }
        if (kind.equals("Job")) {
            causes.addAll(JobValidation.validateUpdate(object, old));
        }
        if (kind.equals("StatefulSet")) {
            causes.addAll(AppsValidation.statefulSetUpdate(object.path("spec"),
                    old.path("spec")));
        }
        return causes;
    }

    static void nonNegative(JsonNode spec, String field, FieldPath path,
            List<StatusCause> causes) {
        JsonNode v = spec.get(field);
        if (v != null && v.isNumber() && v.asLong() < 0) {
            causes.add(Causes.invalid(path.child(field), v.asLong(),
                    "must be greater than or equal to 0"));
        }
    }

    static void selectorAndTemplate(JsonNode spec, FieldPath path, String emptyMessageKind,
            List<String> restartPolicies, List<StatusCause> causes) {
        JsonNode selectorNode = spec.get("selector");
        LabelSelector selector = null;
        if (selectorNode == null || selectorNode.isNull()) {
            causes.add(Causes.required(path.child("selector"), ""));
        } else {
            var fabric8 = Json.convert(selectorNode,
                    io.fabric8.kubernetes.api.model.LabelSelector.class);
            causes.addAll(LabelValidation.validateLabelSelector(fabric8, path.child("selector")));
            if (selectorNode.path("matchLabels").isEmpty()
                    && selectorNode.path("matchExpressions").isEmpty()) {
                causes.add(Causes.invalid(path.child("selector"), new Causes.GoValue(
                        GoStructs.labelSelector(selectorNode)),
                        "empty selector is invalid for " + emptyMessageKind));
            } else if (causes.isEmpty()) {
                selector = LabelSelector.of(fabric8);
            }
        }
        Set<String> claims = new HashSet<>();
        spec.path("volumeClaimTemplates").forEach(c -> claims.add(c.path("metadata")
                .path("name").asText("")));
        template(spec.path("template"), path.child("template"), selector, restartPolicies,
                claims, causes);
    }

    static void template(JsonNode template, FieldPath path, LabelSelector selector,
            List<String> restartPolicies, List<StatusCause> causes) {
        template(template, path, selector, restartPolicies, Set.of(), causes);
    }

    /** {@code claimVolumes}: what a StatefulSet's volumeClaimTemplates add to its pods' volumes. */
    private static void template(JsonNode template, FieldPath path, LabelSelector selector,
            List<String> restartPolicies, Set<String> claimVolumes, List<StatusCause> causes) {
        Map<String, String> labels = labels(template);
        if (selector != null && !selector.matches(labels)) {
            causes.add(Causes.invalid(path.child("metadata").child("labels"),
                    new Causes.GoValue(GoStructs.stringMap(template.path("metadata")
                            .path("labels"))), "`selector` does not match template `labels`"));
        }
        causes.addAll(LabelValidation.validateLabels(labels, path.child("metadata").child("labels")));
        JsonNode podSpec = template.path("spec");
        causes.addAll(PodSpecValidation.validate(podSpec, path.child("spec"), claimVolumes));
        String restart = podSpec.path("restartPolicy").asText("");
        if (!restart.isEmpty() && !restartPolicies.contains(restart)) {
            causes.add(Causes.notSupported(path.child("spec").child("restartPolicy"), restart,
                    restartPolicies));
        }
        if (restartPolicies == ALWAYS && podSpec.has("activeDeadlineSeconds")) {
            causes.add(Causes.forbidden(path.child("spec").child("activeDeadlineSeconds"),
                    "activeDeadlineSeconds in ReplicaSet is not Supported"));
        }
    }

    private static void replicationController(JsonNode spec, List<StatusCause> causes) {
        nonNegative(spec, "replicas", SPEC, causes);
        JsonNode selector = spec.path("selector");
        LabelSelector matcher = null;
        if (selector.isEmpty()) {
            causes.add(Causes.required(SPEC.child("selector"), ""));
        } else {
            Map<String, String> wanted = new LinkedHashMap<>();
            selector.fields().forEachRemaining(e -> wanted.put(e.getKey(), e.getValue().asText()));
            causes.addAll(LabelValidation.validateLabels(wanted, SPEC.child("selector")));
            matcher = LabelSelector.fromSet(wanted);
        }
        if (spec.path("template").isMissingNode()) {
            causes.add(Causes.required(SPEC.child("template"), ""));
            return;
        }
        template(spec.path("template"), SPEC.child("template"), matcher, ALWAYS, causes);
    }

    private static Map<String, String> labels(JsonNode template) {
        Map<String, String> out = new LinkedHashMap<>();
        template.path("metadata").path("labels").fields()
                .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
