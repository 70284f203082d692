package io.j8s.controllers.cronjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.controllers.batch.BatchControllers;
import io.j8s.controllers.batch.PodOutcomes;
import io.j8s.controllers.job.JobController;
import io.j8s.testcluster.TestCluster;
import io.j8s.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The CronJob controller (with the Job controller, and {@link PodOutcomes} as kubelet) against a
 * real API server; a fake clock stands for the minutes and hours that pass.
 */
class CronJobControllerTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();
    private static final String NS = "default";

    private final KubernetesClient admin = cluster.admin();
    private final PodOutcomes kubelet = new PodOutcomes(admin);
    private TestClock clock;
    private BatchControllers controllers;
    private CronJobController cron;

    @BeforeEach
    void start() {
        clock = new TestClock(Instant.now());
        controllers = new BatchControllers(cluster, clock);
        cron = controllers.add(CronJobController::new);
        controllers.add(JobController::new);
        controllers.start(true);
    }

    @AfterEach
    void stop() {
        controllers.close();
    }

    private CronJob create(String name, String schedule, String policy) {
        return admin.batch().v1().cronjobs().inNamespace(NS).resource(new CronJobBuilder()
                .withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withSchedule(schedule).withConcurrencyPolicy(policy)
                .withSuccessfulJobsHistoryLimit(2).withNewJobTemplate().withNewMetadata()
                .addToLabels("app", name).endMetadata().withNewSpec().withNewTemplate()
                .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("c")
                .withImage("busybox").endContainer().endSpec().endTemplate().endSpec()
                .endJobTemplate().endSpec().build()).create();
    }

    private CronJob get(String name) {
        return admin.batch().v1().cronjobs().inNamespace(NS).withName(name).get();
    }

    private List<String> jobs(String cronJob) {
        return admin.batch().v1().jobs().inNamespace(NS).withLabel("app", cronJob).list()
                .getItems().stream().filter(j -> j.getMetadata().getDeletionTimestamp() == null)
                .map(j -> j.getMetadata().getName()).sorted().toList();
    }

    /** Moves the fake clock to a second past {@code t} and syncs the CronJob. */
    private void at(String name, Instant t) {
        clock.set(t.plusSeconds(1));
        cron.queue.add(NS + "/" + name);
    }

    private static Instant minuteAfter(Instant t) {
        return t.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
    }

    private static String jobName(String cronJob, Instant scheduled) {
        return cronJob + "-" + scheduled.getEpochSecond() / 60;
    }

    @Test
    void jobsAreCreatedEachMinuteRunToCompletionAndOnlyTheHistoryLimitIsKept() {
        create("hist", "* * * * *", "Allow");
        Instant t = Instant.parse(get("hist").getMetadata().getCreationTimestamp());
        for (int i = 0; i < 4; i++) {
            t = minuteAfter(t);
            at("hist", t);
            String name = jobName("hist", t);
            await().atMost(Duration.ofSeconds(20)).until(() -> jobs("hist").contains(name));
            Job job = admin.batch().v1().jobs().inNamespace(NS).withName(name).get();
            assertThat(job.getMetadata().getAnnotations()).containsEntry(
                    CronJobController.SCHEDULED_TIMESTAMP, t.toString());
            assertThat(job.getMetadata().getOwnerReferences().getFirst().getKind())
                    .isEqualTo("CronJob");
            await().atMost(Duration.ofSeconds(20)).until(() -> get("hist").getStatus()
                    .getActive().stream().anyMatch(r -> r.getName().equals(name)));
            assertThat(get("hist").getStatus().getLastScheduleTime()).isEqualTo(t.toString());
            kubelet.succeed(kubelet.awaitActive(NS, name, 1).getFirst());
            await().atMost(Duration.ofSeconds(20)).until(() -> get("hist").getStatus()
                    .getActive().isEmpty() && get("hist").getStatus().getLastSuccessfulTime()
                            != null);
        }
        Instant last = t;
        await().atMost(Duration.ofSeconds(20)).until(() -> jobs("hist").equals(List.of(
                jobName("hist", last.minus(1, ChronoUnit.MINUTES)), jobName("hist", last))));
        await().atMost(Duration.ofSeconds(10)).until(() -> BatchControllers.events(admin, NS,
                "hist").stream().anyMatch(e -> e.startsWith("SawCompletedJob: Saw completed"
                        + " job: hist-") && e.endsWith(", condition: Complete")));
        assertThat(BatchControllers.events(admin, NS, "hist")).contains("SuccessfulCreate:"
                + " Created job " + jobName("hist", last), "SuccessfulDelete: Deleted job "
                        + jobName("hist", last.minus(3, ChronoUnit.MINUTES)));
    }

    @Test
    void forbidSkipsAStartWhileAJobRunsAndReplaceDeletesIt() {
        create("forbid", "* * * * *", "Forbid");
        create("replace", "* * * * *", "Replace");
        Instant t1 = minuteAfter(Instant.parse(get("replace").getMetadata()
                .getCreationTimestamp()).plusSeconds(60));
        at("forbid", t1);
        at("replace", t1);
        await().atMost(Duration.ofSeconds(20)).until(() -> jobs("forbid").size() == 1
                && jobs("replace").size() == 1);
        Instant t2 = t1.plus(1, ChronoUnit.MINUTES);
        at("forbid", t2);
        at("replace", t2);
        await().atMost(Duration.ofSeconds(20)).until(() -> jobs("replace").equals(
                List.of(jobName("replace", t2))));
        await().atMost(Duration.ofSeconds(10)).until(() -> BatchControllers.events(admin, NS,
                "forbid").contains("JobAlreadyActive: Not starting job because prior execution"
                        + " is running and concurrency policy is Forbid"));
        assertThat(jobs("forbid")).containsExactly(jobName("forbid", t1));
        assertThat(BatchControllers.events(admin, NS, "replace")).contains(
                "SuccessfulDelete: Deleted job " + jobName("replace", t1));
    }

    @Test
    void afterHoursDownOnlyTheMostRecentMissedTimeRunsAndADeadlineSkipsLateStarts() {
        create("missed", "* * * * *", "Allow");
        Instant created = Instant.parse(get("missed").getMetadata().getCreationTimestamp());
        Instant latest = minuteAfter(created.plus(3, ChronoUnit.HOURS));
        at("missed", latest);
        await().atMost(Duration.ofSeconds(20)).until(() -> jobs("missed").equals(
                List.of(jobName("missed", latest))));
        await().atMost(Duration.ofSeconds(10)).until(() -> BatchControllers.events(admin, NS,
                "missed").stream().anyMatch(e -> e.startsWith("TooManyMissedTimes: too many"
                        + " missed start times: 18")));

        clock.set(Instant.now());
        admin.batch().v1().cronjobs().inNamespace(NS).resource(new CronJobBuilder(
                create("late", "* * * * *", "Allow")).editSpec().withStartingDeadlineSeconds(10L)
                .endSpec().build()).update();
        Instant due = minuteAfter(Instant.now().plusSeconds(60));
        clock.set(due.plusSeconds(30));
        cron.queue.add(NS + "/late");
        Instant next = due.plus(1, ChronoUnit.MINUTES);
        clock.set(next.plusSeconds(5));
        cron.queue.add(NS + "/late");
        await().atMost(Duration.ofSeconds(20)).until(() -> !jobs("late").isEmpty());
        assertThat(jobs("late")).containsExactly(jobName("late", next));
    }

    @Test
    void aTimeZoneMovesTheScheduleAndTheScheduledTimestampCarriesItsOffset() {
        CronJob cj = create("kolkata", "0 * * * *", "Allow");
        admin.batch().v1().cronjobs().inNamespace(NS).resource(new CronJobBuilder(cj)
                .editSpec().withTimeZone("Asia/Kolkata").endSpec().build()).update();
        Instant created = Instant.parse(cj.getMetadata().getCreationTimestamp());
        // the top of an hour in Kolkata (UTC+05:30) is half past in UTC
        Instant due = created.truncatedTo(ChronoUnit.HOURS).plus(30, ChronoUnit.MINUTES);
        if (!due.isAfter(created)) {
            due = due.plus(1, ChronoUnit.HOURS);
        }
        at("kolkata", due);
        String name = jobName("kolkata", due);
        await().atMost(Duration.ofSeconds(20)).until(() -> jobs("kolkata").contains(name));
        assertThat(admin.batch().v1().jobs().inNamespace(NS).withName(name).get().getMetadata()
                .getAnnotations().get(CronJobController.SCHEDULED_TIMESTAMP)).endsWith(":00:00+05:30");
    }
}
