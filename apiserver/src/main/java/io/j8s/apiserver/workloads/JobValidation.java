package io.j8s.apiserver.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.codec.Json;
import io.j8s.api.selectors.LabelSelector;
import io.j8s.api.validation.Causes;
import io.j8s.api.validation.LabelValidation;
import io.j8s.api.validation.FieldPath;
import io.j8s.api.validation.ObjectMetaValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What is particular to Jobs: the selector the server generates unless
 * {@code manualSelector} is true, and the fields an update may not change.
 */
public final class JobValidation {
    public static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
    public static final String LEGACY_CONTROLLER_UID = "controller-uid";
    public static final String JOB_NAME = "batch.kubernetes.io/job-name";
    public static final String LEGACY_JOB_NAME = "job-name";

    private JobValidation() {}

    /**
     * Upstream's generateSelector: the template gets job-name and controller-uid labels (old and
     * new spellings) unless the user set them, and the selector matches the new controller-uid.
     */
    public static void generateSelector(ObjectNode job) {
        ObjectNode spec = job.with("spec");
        if (spec.path("manualSelector").asBoolean(false)) {
            return;
        }
        String name = job.path("metadata").path("name").asText("");
        String uid = job.path("metadata").path("uid").asText("");
        ObjectNode labels = spec.with("template").with("metadata").with("labels");
        for (Map.Entry<String, String> l : Map.of(LEGACY_JOB_NAME, name, JOB_NAME, name,
                LEGACY_CONTROLLER_UID, uid, CONTROLLER_UID, uid).entrySet()) {
            if (!labels.has(l.getKey())) {
                labels.put(l.getKey(), l.getValue());
            }
        }
        ObjectNode matchLabels = spec.with("selector").with("matchLabels");
        if (!matchLabels.has(CONTROLLER_UID)) {
            matchLabels.put(CONTROLLER_UID, uid);
        }
    }

    /** With a generated selector, the template must carry this job's own controller-uid. */
    public static List<StatusCause> validateGenerated(JsonNode job) {
        List<StatusCause> causes = new ArrayList<>();
        JsonNode spec = job.path("spec");
        if (spec.path("manualSelector").asBoolean(false)) {
            return causes;
        }
        String uid = job.path("metadata").path("uid").asText("");
        FieldPath labels = FieldPath.of("spec", "template", "metadata", "labels");
        JsonNode have = spec.path("template").path("metadata").path("labels");
        for (String key : List.of(LEGACY_CONTROLLER_UID, CONTROLLER_UID)) {
            String v = have.path(key).asText("");
            if (!uid.isEmpty() && !v.equals(uid)) {
                causes.add(Causes.invalid(labels.key(key), v, "must be '" + uid + "'"));
            }
        }
        String selected = spec.path("selector").path("matchLabels").path(CONTROLLER_UID)
                .asText("");
        if (!uid.isEmpty() && !selected.isEmpty() && !selected.equals(uid)) {
            causes.add(Causes.invalid(FieldPath.of("spec", "selector"), new Causes.GoValue(
                    GoStructs.labelSelector(spec.path("selector"))),
                    "`selector` not auto-generated"));
        }
        return causes;
    }

    /** A Job's spec, or a CronJob's job template spec (where no selector is required). */
    static void validateSpec(JsonNode spec, FieldPath path, boolean selectorRequired,
            List<StatusCause> causes) {
        ControllerValidation.nonNegative(spec, "parallelism", path, causes);
        ControllerValidation.nonNegative(spec, "completions", path, causes);
        ControllerValidation.nonNegative(spec, "backoffLimit", path, causes);
        JsonNode deadline = spec.get("activeDeadlineSeconds");
        if (deadline != null && deadline.isNumber() && deadline.asLong() <= 0) {
            causes.add(Causes.invalid(path.child("activeDeadlineSeconds"), deadline.asLong(),
                    "must be greater than 0"));
        }
        PodFailurePolicyValidation.validate(spec, path, causes);
        JsonNode selectorNode = spec.path("selector");
        LabelSelector selector = null;
        if (selectorNode.isObject()) {
            var fabric8 = Json.convert(selectorNode,
                    io.fabric8.kubernetes.api.model.LabelSelector.class);
            List<StatusCause> bad = LabelValidation.validateLabelSelector(fabric8,
                    path.child("selector"));
            causes.addAll(bad);
            if (bad.isEmpty()) {
                selector = LabelSelector.of(fabric8);
            }
        } else if (selectorRequired) {
            causes.add(Causes.required(path.child("selector"), ""));
        }
        ControllerValidation.template(spec.path("template"), path.child("template"), selector,
                ControllerValidation.RUN_TO_COMPLETION, causes);
    }

    /**
     * The template is fixed, except that a suspended Job that never started may change where
     * its pods run: node selector, affinity, tolerations, scheduling gates, labels, annotations.
     */
    static List<StatusCause> validateUpdate(JsonNode job, JsonNode oldJob) {
        List<StatusCause> causes = new ArrayList<>();
        FieldPath path = FieldPath.of("spec");
        JsonNode spec = job.path("spec");
        JsonNode old = oldJob.path("spec");
        boolean mutableScheduling = old.path("suspend").asBoolean(false)
                && oldJob.path("status").path("startTime").isMissingNode();
        if (!withoutScheduling(spec.path("template"), mutableScheduling)
                .equals(withoutScheduling(old.path("template"), mutableScheduling))) {
            causes.add(Causes.invalid(path.child("template"),
                    new Causes.GoValue("core.PodTemplateSpec{...}"),
                    ObjectMetaValidation.FIELD_IMMUTABLE));
        }
        if (!spec.path("completions").equals(old.path("completions"))
                && !spec.path("completionMode").asText().equals("Indexed")) {
            causes.add(Causes.invalid(path.child("completions"),
                    spec.path("completions").isNumber() ? spec.path("completions").asLong()
                            : null, ObjectMetaValidation.FIELD_IMMUTABLE));
        }
        if (!spec.path("completionMode").equals(old.path("completionMode"))) {
            causes.add(Causes.invalid(path.child("completionMode"),
                    spec.path("completionMode").asText(), ObjectMetaValidation.FIELD_IMMUTABLE));
        }
        return causes;
    }


    private static JsonNode withoutScheduling(JsonNode template, boolean strip) {
        if (!strip || !(template instanceof ObjectNode t)) {
            return template;
        }
        ObjectNode copy = t.deepCopy();
        copy.with("metadata").remove(List.of("labels", "annotations"));
        copy.with("spec").remove(List.of("nodeSelector", "affinity", "tolerations",
                "schedulingGates"));
        return copy;
    }
}
