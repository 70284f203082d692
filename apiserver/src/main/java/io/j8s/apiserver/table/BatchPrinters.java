package io.j8s.apiserver.table;

import static io.j8s.apiserver.table.CellText.containerImages;
import static io.j8s.apiserver.table.CellText.containerNames;
import static io.j8s.apiserver.table.CellText.containers;
import static io.j8s.apiserver.table.CellText.count;
import static io.j8s.apiserver.table.CellText.orEmpty;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpec;
import java.time.Instant;

/**
 * Jobs (NAME STATUS COMPLETIONS DURATION AGE) and cron jobs (NAME SCHEDULE TIMEZONE SUSPEND ACTIVE
 * LAST SCHEDULE AGE), each with containers, images and selector when wide.
 */
final class BatchPrinters {
    private BatchPrinters() {}

    static Printer<Job> job() {
        return Printer.of(Job.class).name()
                .column("Status", "string", "Status of the job.", BatchPrinters::jobStatus)
                .column("Completions", "string", "The number of pods which reached phase Succeeded.",
                        BatchPrinters::completions)
                .timed("Duration", "Time required to complete the job.", BatchPrinters::duration)
                .age()
                .wide("Containers", "string", Descriptions.CONTAINERS,
                        j -> containerNames(containers(spec(j).getTemplate())))
                .wide("Images", "string", Descriptions.IMAGES,
                        j -> containerImages(containers(spec(j).getTemplate())))
                .wide("Selector", "string", "A label query over pods that should match the pod count.",
                        j -> SelectorText.format(spec(j).getSelector()))
                .build();
    }

    static Printer<CronJob> cronJob() {
        return Printer.of(CronJob.class).name()
                .column("Schedule", "string", "The schedule in Cron format, see "
                        + "https://en.wikipedia.org/wiki/Cron.", c -> orEmpty(spec(c).getSchedule()))
                .column("Timezone", "string", "The time zone name for the given schedule.",
                        c -> CellText.orNone(spec(c).getTimeZone()))
                .column("Suspend", "boolean", "This flag tells the controller to suspend subsequent "
                        + "executions, it does not apply to already started executions.",
                        c -> CellText.bool(spec(c).getSuspend()))
                .column("Active", "integer", "A list of pointers to currently running jobs.",
                        c -> CellText.size(c.getStatus() == null ? null : c.getStatus().getActive()))
                .timed("Last Schedule", "Information when was the last time the job was successfully "
                        + "scheduled.", BatchPrinters::lastSchedule)
                .age()
                .wide("Containers", "string", Descriptions.CONTAINERS,
                        c -> containerNames(containers(jobTemplate(c))))
                .wide("Images", "string", Descriptions.IMAGES,
                        c -> containerImages(containers(jobTemplate(c))))
                .wide("Selector", "string", "A label query over pods that should match the pod count.",
                        c -> SelectorText.format(spec(c).getJobTemplate() == null
                                || spec(c).getJobTemplate().getSpec() == null ? null
                                : spec(c).getJobTemplate().getSpec().getSelector()))
                .build();
    }

    private static JobSpec spec(Job j) {
        return j.getSpec() == null ? new JobSpec() : j.getSpec();
    }

    private static JobStatus status(Job j) {
        return j.getStatus() == null ? new JobStatus() : j.getStatus();
    }

    private static CronJobSpec spec(CronJob c) {
        return c.getSpec() == null ? new CronJobSpec() : c.getSpec();
    }

    private static PodTemplateSpec jobTemplate(CronJob c) {
        JobTemplateSpec t = spec(c).getJobTemplate();
        return t == null || t.getSpec() == null ? null : t.getSpec().getTemplate();
    }

    /** {@code 1/3}, or for jobs without completions {@code 1/1} or {@code 0/1 of 4}. */
    private static String completions(Job j) {
        long succeeded = count(status(j).getSucceeded());
        if (spec(j).getCompletions() != null) {
            return succeeded + "/" + spec(j).getCompletions();
        }
        long parallelism = count(spec(j).getParallelism());
        return parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
    }

    /** Empty before the job starts, then the time it ran, or has run so far. */
    private static String duration(Job j, Instant now) {
        Instant start = Age.parse(status(j).getStartTime());
        if (start == null) {
            return "";
        }
        Instant end = Age.parse(status(j).getCompletionTime());
        return Age.between(start, end == null ? now : end);
    }

    private static String jobStatus(Job j) {
        if (hasCondition(j, "Complete")) {
            return "Complete";
        }
        if (hasCondition(j, "Failed")) {
            return "Failed";
        }
        if (j.getMetadata() != null && j.getMetadata().getDeletionTimestamp() != null) {
            return "Terminating";
        }
        if (hasCondition(j, "Suspended")) {
            return "Suspended";
        }
        if (hasCondition(j, "FailureTarget")) {
            return "FailureTarget";
        }
        return "Running";
    }

    /** Whether the first condition of {@code type} is true. */
    private static boolean hasCondition(Job j, String type) {
        for (JobCondition c : orEmpty(status(j).getConditions())) {
            if (type.equals(c.getType())) {
                return "True".equals(c.getStatus());
            }
        }
        return false;
    }

    private static String lastSchedule(CronJob c, Instant now) {
        String last = c.getStatus() == null ? null : c.getStatus().getLastScheduleTime();
        return last == null ? CellText.NONE : Age.since(last, now);
    }
}
