package io.j8s.controllers.job;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The conditions of one Job status being written: the interim FailureTarget and
 * SuccessCriteriaMet (upstream 1.31+) that decide the outcome while pods still stop, the final
 * Failed and Complete, and Suspended.
 */
final class JobConditions {
    private final List<JobCondition> conditions;
    private final String now;

    JobConditions(JobStatus status, Instant now) {
        if (status.getConditions() == null) {
            status.setConditions(new ArrayList<>());
        } else {
            status.setConditions(new ArrayList<>(status.getConditions()));
        }
        this.conditions = status.getConditions();
        this.now = time(now);
    }

    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static boolean finished(Job job) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return false;
        }
        return job.getStatus().getConditions().stream().anyMatch(c -> "True".equals(c.getStatus())
                && ("Complete".equals(c.getType()) || "Failed".equals(c.getType())));
    }

    /** The FailureTarget or SuccessCriteriaMet already decided, or null. */
    JobCondition target() {
        for (JobCondition c : conditions) {
            if ("True".equals(c.getStatus()) && ("FailureTarget".equals(c.getType())
                    || "SuccessCriteriaMet".equals(c.getType()))) {
                return c;
            }
        }
        return null;
    }

    JobCondition failureTarget(String reason, String message) {
        return add("FailureTarget", reason, message);
    }

    JobCondition successTarget() {
        return add("SuccessCriteriaMet", "CompletionsReached",
                "Reached expected number of succeeded pods");
    }

    /** Adds Complete or Failed after the target; false if it was there already. */
    boolean finish(JobCondition target) {
        String type = "SuccessCriteriaMet".equals(target.getType()) ? "Complete" : "Failed";
        if (find(type) != null) {
            return false;
        }
        add(type, target.getReason(), target.getMessage());
        return true;
    }

    /**
     * Sets a condition; a False one is only written over an existing condition. True when its
     * status changed.
     */
    boolean set(String type, String status, String reason, String message) {
        JobCondition c = find(type);
        if (c == null) {
            if (status.equals("False")) {
                return false;
            }
            add(type, reason, message);
            return true;
        }
        if (c.getStatus().equals(status)) {
            return false;
        }
        conditions.set(conditions.indexOf(c), new JobCondition(now, now, message, reason,
                status, type));
        return true;
    }

    private JobCondition find(String type) {
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst()
                .orElse(null);
    }

    private JobCondition add(String type, String reason, String message) {
        JobCondition c = new JobCondition(now, now, message, reason, "True", type);
        conditions.add(c);
        return c;
    }
}
