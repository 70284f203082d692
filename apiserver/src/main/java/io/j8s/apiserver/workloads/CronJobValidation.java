package io.j8s.apiserver.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.cron.CronSchedule;
import io.j8s.api.cron.TimeZones;
import io.j8s.api.validation.Causes;
import io.j8s.api.validation.FieldPath;
import java.util.ArrayList;
import java.util.List;

/** A CronJob's schedule, concurrency policy, history limits and the Job it stamps out. */
final class CronJobValidation {
    private static final List<String> CONCURRENCY = List.of("Allow", "Forbid", "Replace");

    private CronJobValidation() {}

    static List<StatusCause> validate(JsonNode spec) {
        List<StatusCause> causes = new ArrayList<>();
        FieldPath path = FieldPath.of("spec");
        String schedule = spec.path("schedule").asText("");
        if (schedule.isEmpty()) {
            causes.add(Causes.required(path.child("schedule"), ""));
        } else {
            CronSchedule.error(schedule).ifPresent(e ->
                    causes.add(Causes.invalid(path.child("schedule"), schedule, e)));
            if (schedule.contains("TZ")) {
                causes.add(Causes.invalid(path.child("schedule"), schedule,
                        "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
            }
        }
        JsonNode zone = spec.get("timeZone");
        if (zone != null && zone.isTextual()) {
            TimeZones.error(zone.asText()).ifPresent(e ->
                    causes.add(Causes.invalid(path.child("timeZone"), zone.asText(), e)));
        }
        String policy = spec.path("concurrencyPolicy").asText("");
        if (policy.isEmpty()) {
            causes.add(Causes.required(path.child("concurrencyPolicy"), ""));
        } else if (!CONCURRENCY.contains(policy)) {
            causes.add(Causes.notSupported(path.child("concurrencyPolicy"), policy,
                    CONCURRENCY));
        }
        ControllerValidation.nonNegative(spec, "startingDeadlineSeconds", path, causes);
        ControllerValidation.nonNegative(spec, "successfulJobsHistoryLimit", path, causes);
        ControllerValidation.nonNegative(spec, "failedJobsHistoryLimit", path, causes);
        JobValidation.validateSpec(spec.path("jobTemplate").path("spec"),
                path.child("jobTemplate").child("spec"), false, causes);
        return causes;
    }
}
