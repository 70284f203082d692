package io.j8s.controllers.cronjob;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.j8s.api.codec.Json;
import io.j8s.api.cron.CronSchedule;
import io.j8s.api.cron.TimeZones;
import io.j8s.componentbase.events.EventRecorder;
import io.j8s.componentbase.informers.EventHandlers;
import io.j8s.componentbase.workqueue.WorkQueue;
import io.j8s.controllers.Controller;
import io.j8s.controllers.ControllerContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Upstream's CronJob controller (v2). One sync: bring {@code status.active} in line with the
 * Jobs that exist and finished, find the most recent start time due, and unless it is too late
 * (startingDeadlineSeconds), already started, or forbidden by the concurrency policy, create the
 * Job {@code <cronjob>-<minutes since epoch>}; then delete finished Jobs past the history
 * limits and queue the CronJob again for its next start time.
 */
public final class CronJobController implements Controller {
    static final String SCHEDULED_TIMESTAMP = "batch.kubernetes.io/cronjob-scheduled-timestamp";
    static final String BY_CRONJOB = "cronjob-controller-uid";
    /** Upstream's nextScheduleDelta: wake a little after the time, never before. */
    static final Duration NEXT_DELTA = Duration.ofMillis(100);

    private final KubernetesClient client;
    private final Clock clock;
    private final EventRecorder events;
    private final SharedIndexInformer<CronJob> cronJobs;
    private final SharedIndexInformer<Job> jobs;
    final WorkQueue queue;

    public CronJobController(ControllerContext ctx) {
        this.client = ctx.client();
        this.clock = ctx.clock();
        this.events = ctx.events().apply("cronjob-controller");
        this.queue = new WorkQueue("cronjob", this::sync);
        this.cronJobs = ctx.informers().informer(CronJob.class);
        this.jobs = ctx.informers().informer(Job.class);
        jobs.addIndexers(Map.of(BY_CRONJOB, j -> {
            OwnerReference o = owner(j);
            return o == null ? List.of() : List.of(o.getUid());
        }));
        cronJobs.addEventHandler(EventHandlers.each(cj -> queue.add(key(cj.getMetadata().getNamespace(), cj.getMetadata().getName()))));
        jobs.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Job job) {
                OwnerReference o = owner(job);
                if (o != null) {
                    queue.add(key(job.getMetadata().getNamespace(), o.getName()));
                }
            }

            @Override
            public void onUpdate(Job old, Job job) {
                onAdd(job);
            }

            @Override
            public void onDelete(Job job, boolean unknown) {
                onAdd(job);
            }
        });
    }

    static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    private static OwnerReference owner(Job job) {
        List<OwnerReference> refs = job.getMetadata().getOwnerReferences();
        if (refs == null) {
            return null;
        }
        return refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())
                && "CronJob".equals(r.getKind())).findFirst().orElse(null);
    }

    @Override
    public void start() {
        queue.start();
    }

    @Override
    public void close() {
        queue.close();
    }

    /** Syncs the CronJob {@code namespace/name}. */
    void sync(String key) {
        CronJob cj = cronJobs.getStore().getByKey(key);
        if (cj == null) {
            return;
        }
        Instant now = clock.instant();
        CronJobStatus old = cj.getStatus() == null ? new CronJobStatus() : cj.getStatus();
        CronJobStatus st = Json.convert(Json.tree(old), CronJobStatus.class);
        List<ObjectReference> active = st.getActive() == null ? new ArrayList<>()
                : new ArrayList<>(st.getActive());
        List<Job> children = jobs.getIndexer().byIndex(BY_CRONJOB, cj.getMetadata().getUid());
        reconcileActive(cj, children, active, st);
        Duration requeue = null;
        if (cj.getMetadata().getDeletionTimestamp() == null) {
            requeue = schedule(cj, now, active, st);
            cleanupHistory(cj, children);
        }
        st.setActive(active.isEmpty() ? null : active);
        if (!Json.tree(old).equals(Json.tree(st))) {
            CronJob copy = Json.convert(Json.tree(cj), CronJob.class);
            copy.setStatus(st);
            try {
                client.batch().v1().cronjobs().inNamespace(cj.getMetadata().getNamespace())
                        .resource(copy).updateStatus();
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409 || e.getCode() == 404) {
                    queue.addAfter(key, Duration.ofSeconds(1));
                    return;
                }
                throw e;
            }
        }
        if (requeue != null) {
            queue.addAfter(key, requeue);
        }
    }

    private void reconcileActive(CronJob cj, List<Job> children, List<ObjectReference> active,
            CronJobStatus st) {
        Map<String, Job> byUid = new HashMap<>();
        for (Job j : children) {
            byUid.put(j.getMetadata().getUid(), j);
            boolean listed = active.stream()
                    .anyMatch(r -> Objects.equals(r.getUid(), j.getMetadata().getUid()));
            JobCondition finished = finishedCondition(j);
            if (!listed && finished == null) {
                events.warning(cj, "UnexpectedJob", "Saw a job that the controller did not"
                        + " create or forgot: " + j.getMetadata().getName());
            } else if (listed && finished != null) {
                active.removeIf(r -> Objects.equals(r.getUid(), j.getMetadata().getUid()));
                events.normal(cj, "SawCompletedJob", "Saw completed job: "
                        + j.getMetadata().getName() + ", condition: " + finished.getType());
            }
            if (finished != null && finished.getType().equals("Complete")
                    && j.getStatus().getCompletionTime() != null) {
                Instant done = Instant.parse(j.getStatus().getCompletionTime());
                if (st.getLastSuccessfulTime() == null
                        || done.isAfter(Instant.parse(st.getLastSuccessfulTime()))) {
                    st.setLastSuccessfulTime(time(done));
                }
            }
        }
        for (ObjectReference r : List.copyOf(active)) {
            if (byUid.containsKey(r.getUid())) {
                continue;
            }
            Job j = client.batch().v1().jobs().inNamespace(r.getNamespace())
                    .withName(r.getName()).get();
            if (j == null || !Objects.equals(j.getMetadata().getUid(), r.getUid())) {
                events.normal(cj, "MissingJob", "Active job went missing: " + r.getName());
                active.remove(r);
            }
        }
    }

    /** Starts the Job due, if any; returns when to look again (null: not until a change). */
    private Duration schedule(CronJob cj, Instant now, List<ObjectReference> active,
            CronJobStatus st) {
        ZoneId zone = clock.getZone();
        String tz = cj.getSpec().getTimeZone();
        if (tz != null) {
            Optional<String> bad = TimeZones.error(tz);
            if (bad.isPresent()) {
                events.warning(cj, "UnknownTimeZone", "invalid timeZone: \"" + tz + "\": "
                        + bad.get());
                return null;
            }
            zone = ZoneId.of(tz);
        }
        CronSchedule schedule;
        try {
            schedule = CronSchedule.parse(cj.getSpec().getSchedule());
        } catch (IllegalArgumentException e) {
            events.warning(cj, "UnparseableSchedule", "unparseable schedule: \""
                    + cj.getSpec().getSchedule() + "\" : " + e.getMessage());
            return null;
        }
        if (Boolean.TRUE.equals(cj.getSpec().getSuspend())) {
            return null;
        }
        Instant earliest = st.getLastScheduleTime() != null
                ? Instant.parse(st.getLastScheduleTime())
                : Instant.parse(cj.getMetadata().getCreationTimestamp());
        Long deadline = cj.getSpec().getStartingDeadlineSeconds();
        if (deadline != null && now.minusSeconds(deadline).isAfter(earliest)) {
            earliest = now.minusSeconds(deadline);
        }
        ScheduleTimes due = ScheduleTimes.of(schedule, zone, earliest, now);
        Duration next = ScheduleTimes.next(schedule, zone, now)
                .map(t -> Duration.between(now, t).plus(NEXT_DELTA)).orElse(null);
        if (due.mostRecent() == null) {
            return next;
        }
        if (due.missed() > 100) {
            events.warning(cj, "TooManyMissedTimes", "too many missed start times: "
                    + due.missed() + ". Set or decrease .spec.startingDeadlineSeconds or check"
                    + " clock skew");
        }
        Instant scheduled = due.mostRecent();
        if (deadline != null && scheduled.plusSeconds(deadline).isBefore(now)) {
            events.normal(cj, "MissSchedule", "Missed scheduled time to start a job: "
                    + DateTimeFormatter.RFC_1123_DATE_TIME.format(scheduled.atZone(
                            ZoneId.of("UTC"))));
            return next;
        }
        String name = cj.getMetadata().getName() + "-" + scheduled.getEpochSecond() / 60;
        if (active.stream().anyMatch(r -> name.equals(r.getName()))
                || scheduled.equals(st.getLastScheduleTime() == null ? null
                        : Instant.parse(st.getLastScheduleTime()))) {
            return next;
        }
        String policy = Objects.requireNonNullElse(cj.getSpec().getConcurrencyPolicy(), "Allow");
        if (policy.equals("Forbid") && !active.isEmpty()) {
            events.normal(cj, "JobAlreadyActive", "Not starting job because prior execution is"
                    + " running and concurrency policy is Forbid");
            return next;
        }
        if (policy.equals("Replace")) {
            for (ObjectReference r : List.copyOf(active)) {
                deleteJob(cj, r.getNamespace(), r.getName());
                active.remove(r);
            }
        }
        Job job = newJob(cj, name, scheduled.atZone(zone));
        Job created;
        try {
            created = client.batch().v1().jobs().inNamespace(cj.getMetadata().getNamespace())
                    .resource(job).create();
            events.normal(cj, "SuccessfulCreate", "Created job " + name);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                events.warning(cj, "FailedCreate", "Error creating job: " + e.getMessage());
                throw e;
            }
            created = client.batch().v1().jobs().inNamespace(cj.getMetadata().getNamespace())
                    .withName(name).get();
            OwnerReference o = created == null ? null : owner(created);
            if (o == null || !o.getUid().equals(cj.getMetadata().getUid())) {
                return next;
            }
        }
        active.add(new ObjectReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                .withNamespace(created.getMetadata().getNamespace())
                .withName(created.getMetadata().getName())
                .withUid(created.getMetadata().getUid())
                .withResourceVersion(created.getMetadata().getResourceVersion()).build());
        st.setLastScheduleTime(time(scheduled));
        return next;
    }

    static Job newJob(CronJob cj, String name, java.time.ZonedDateTime scheduled) {
        ObjectMeta template = cj.getSpec().getJobTemplate().getMetadata();
        Map<String, String> labels = new HashMap<>();
        Map<String, String> annotations = new HashMap<>();
        if (template != null) {
            if (template.getLabels() != null) {
                labels.putAll(template.getLabels());
            }
            if (template.getAnnotations() != null) {
                annotations.putAll(template.getAnnotations());
            }
        }
        annotations.put(SCHEDULED_TIMESTAMP, DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                scheduled.truncatedTo(ChronoUnit.SECONDS)));
        Job job = new Job();
        job.setApiVersion("batch/v1");
        job.setKind("Job");
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        meta.setNamespace(cj.getMetadata().getNamespace());
        meta.setLabels(labels);
        meta.setAnnotations(annotations);
        meta.setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("batch/v1")
                .withKind("CronJob").withName(cj.getMetadata().getName())
                .withUid(cj.getMetadata().getUid()).withController(true)
                .withBlockOwnerDeletion(true).build()));
        job.setMetadata(meta);
        job.setSpec(Json.convert(Json.tree(cj.getSpec().getJobTemplate().getSpec()),
                JobSpec.class));
        return job;
    }

    /** Deletes the oldest finished Jobs past successfulJobsHistoryLimit / failedJobsHistoryLimit. */
    private void cleanupHistory(CronJob cj, List<Job> children) {
        List<Job> succeeded = new ArrayList<>();
        List<Job> failed = new ArrayList<>();
        for (Job j : children) {
            JobCondition c = finishedCondition(j);
            if (c != null && j.getMetadata().getDeletionTimestamp() == null) {
                (c.getType().equals("Complete") ? succeeded : failed).add(j);
            }
        }
        prune(cj, succeeded, cj.getSpec().getSuccessfulJobsHistoryLimit());
        prune(cj, failed, cj.getSpec().getFailedJobsHistoryLimit());
    }

    private void prune(CronJob cj, List<Job> finished, Integer limit) {
        if (limit == null || finished.size() <= limit) {
            return;
        }
        finished.sort(Comparator.comparing((Job j) -> j.getStatus() == null
                || j.getStatus().getStartTime() == null ? j.getMetadata().getCreationTimestamp()
                        : j.getStatus().getStartTime()));
        for (Job j : finished.subList(0, finished.size() - limit)) {
            deleteJob(cj, j.getMetadata().getNamespace(), j.getMetadata().getName());
        }
    }

    private void deleteJob(CronJob cj, String namespace, String name) {
        try {
            client.batch().v1().jobs().inNamespace(namespace).withName(name)
                    .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation
                            .BACKGROUND).delete();
            events.normal(cj, "SuccessfulDelete", "Deleted job " + name);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                events.warning(cj, "FailedDelete", "Deleted job: " + e.getMessage());
                throw e;
            }
        }
    }

    private static JobCondition finishedCondition(Job j) {
        if (j.getStatus() == null || j.getStatus().getConditions() == null) {
            return null;
        }
        return j.getStatus().getConditions().stream().filter(c -> "True".equals(c.getStatus())
                && ("Complete".equals(c.getType()) || "Failed".equals(c.getType())))
                .findFirst().orElse(null);
    }

    private static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
