package io.j8s.controllers.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.controllers.batch.BatchControllers;
import io.j8s.controllers.batch.PodOutcomes;
import io.j8s.testcluster.TestCluster;
import io.j8s.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Job controller against a real API server, with a fake clock for back-off and deadlines;
 * {@link PodOutcomes} plays the kubelet.
 */
class JobControllerTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();
    private static final String NS = "default";

    private final KubernetesClient admin = cluster.admin();
    private final PodOutcomes kubelet = new PodOutcomes(admin);
    private TestClock clock;
    private BatchControllers controllers;
    private JobController controller;

    @BeforeEach
    void start() {
        clock = new TestClock(Instant.now());
        controllers = new BatchControllers(cluster, clock);
        controller = controllers.add(JobController::new);
        controllers.start(true);
    }

    @AfterEach
    void stop() {
        controllers.close();
    }

    private static JobBuilder job(String name) {
        return new JobBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("main").withImage("busybox").endContainer()
                .endSpec().endTemplate().endSpec();
    }

    private Job create(Job job) {
        return admin.batch().v1().jobs().inNamespace(NS).resource(job).create();
    }

    private Job get(String name) {
        return admin.batch().v1().jobs().inNamespace(NS).withName(name).get();
    }

    private JobCondition awaitCondition(String name, String type) {
        await().atMost(Duration.ofSeconds(20)).until(() -> condition(get(name), type) != null);
        return condition(get(name), type);
    }

    private static JobCondition condition(Job job, String type) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return null;
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals(type) && c.getStatus().equals("True"))
                .findFirst().orElse(null);
    }

    /** The fake clock moved: sync the Job as its delayed requeue would. */
    private void tick(String name, Duration d) {
        clock.advance(d);
        controller.queue.add(NS + "/" + name);
    }

    @Test
    void aNonIndexedJobRunsParallelPodsUntilItsCompletionsSucceed() {
        create(job("three").editSpec().withCompletions(3).withParallelism(2).endSpec().build());
        List<Pod> first = kubelet.awaitActive(NS, "three", 2);
        Pod p = first.getFirst();
        assertThat(p.getMetadata().getFinalizers()).contains(JobPods.TRACKING_FINALIZER);
        assertThat(p.getMetadata().getLabels()).containsKeys("batch.kubernetes.io/job-name",
                "batch.kubernetes.io/controller-uid", "job-name", "controller-uid");
        assertThat(p.getMetadata().getOwnerReferences().getFirst().getController()).isTrue();
        first.forEach(kubelet::running);
        await().atMost(Duration.ofSeconds(20)).until(() -> get("three").getStatus() != null
                && Integer.valueOf(2).equals(get("three").getStatus().getReady()));
        first.forEach(kubelet::succeed);
        Pod last = kubelet.awaitActive(NS, "three", 1).getFirst();
        kubelet.succeed(last);

        awaitCondition("three", "Complete");
        Job done = get("three");
        assertThat(done.getStatus().getSucceeded()).isEqualTo(3);
        assertThat(done.getStatus().getFailed()).isZero();
        assertThat(done.getStatus().getActive()).isZero();
        assertThat(done.getStatus().getCompletionTime()).isNotNull();
        assertThat(condition(done, "SuccessCriteriaMet")).isNotNull();
        assertThat(done.getStatus().getUncountedTerminatedPods().getSucceeded()).isNullOrEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> kubelet.all(NS, "three").stream()
                .noneMatch(JobPods::tracked));
        assertThat(kubelet.all(NS, "three")).hasSize(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> BatchControllers.events(admin, NS,
                "three").contains("Completed: Job completed"));
        assertThat(BatchControllers.events(admin, NS, "three"))
                .anyMatch(e -> e.startsWith("SuccessfulCreate: Created pod: three-"));

        // synced again (and by a restarted controller), nothing is counted twice
        controller.queue.add(NS + "/three");
        try (BatchControllers again = new BatchControllers(cluster, clock)) {
            JobController restarted = again.add(JobController::new);
            again.start(false);
            restarted.sync(NS + "/three");
        }
        assertThat(get("three").getStatus().getSucceeded()).isEqualTo(3);
    }

    @Test
    void anIndexedJobGivesEachPodItsIndexAndCompletesEveryIndex() {
        create(job("idx").editSpec().withCompletions(3).withParallelism(3)
                .withCompletionMode("Indexed").editTemplate().editSpec().withSubdomain("workers")
                .endSpec().endTemplate().endSpec().build());
        List<Pod> pods = kubelet.awaitActive(NS, "idx", 3);
        Map<String, Pod> byIndex = pods.stream().collect(Collectors.toMap(
                p -> p.getMetadata().getAnnotations().get(JobPods.COMPLETION_INDEX), p -> p));
        assertThat(byIndex).containsOnlyKeys("0", "1", "2");
        Pod one = byIndex.get("1");
        assertThat(one.getMetadata().getName()).startsWith("idx-1-");
        assertThat(one.getMetadata().getLabels()).containsEntry(JobPods.COMPLETION_INDEX, "1");
        assertThat(one.getSpec().getHostname()).isEqualTo("idx-1");
        assertThat(one.getSpec().getContainers().getFirst().getEnv()).anyMatch(e ->
                e.getName().equals("JOB_COMPLETION_INDEX") && e.getValueFrom().getFieldRef()
                        .getFieldPath().equals("metadata.annotations['"
                                + JobPods.COMPLETION_INDEX + "']"));

        kubelet.succeed(byIndex.get("2"));
        kubelet.fail(byIndex.get("1"), 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> "2".equals(
                get("idx").getStatus().getCompletedIndexes()));
        // index 1 failed: after the 10 s back-off it gets a new pod
        await().atMost(Duration.ofSeconds(20)).until(() -> Integer.valueOf(1).equals(
                get("idx").getStatus().getFailed()));
        tick("idx", Duration.ofSeconds(11));
        await().atMost(Duration.ofSeconds(20)).until(() -> kubelet.active(NS, "idx").size() == 2);
        for (Pod p : kubelet.active(NS, "idx")) {
            kubelet.succeed(p);
        }
        awaitCondition("idx", "Complete");
        assertThat(get("idx").getStatus().getCompletedIndexes()).isEqualTo("0-2");
        assertThat(get("idx").getStatus().getSucceeded()).isEqualTo(3);
    }

    @Test
    void aFailingJobBacksOffTenThenTwentySecondsAndFailsPastItsBackoffLimit() {
        create(job("flaky").editSpec().withBackoffLimit(2).endSpec().build());
        kubelet.fail(kubelet.awaitActive(NS, "flaky", 1).getFirst(), 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> Integer.valueOf(1).equals(
                get("flaky").getStatus().getFailed()));
        tick("flaky", Duration.ofSeconds(9));
        assertThat(kubelet.active(NS, "flaky")).isEmpty();
        tick("flaky", Duration.ofSeconds(2));
        kubelet.fail(kubelet.awaitActive(NS, "flaky", 1).getFirst(), 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> Integer.valueOf(2).equals(
                get("flaky").getStatus().getFailed()));
        tick("flaky", Duration.ofSeconds(15));
        assertThat(kubelet.active(NS, "flaky")).isEmpty();
        tick("flaky", Duration.ofSeconds(6));
        kubelet.fail(kubelet.awaitActive(NS, "flaky", 1).getFirst(), 1);

        JobCondition failed = awaitCondition("flaky", "Failed");
        assertThat(failed.getReason()).isEqualTo("BackoffLimitExceeded");
        assertThat(failed.getMessage()).isEqualTo("Job has reached the specified backoff limit");
        assertThat(condition(get("flaky"), "FailureTarget")).isNotNull();
        assertThat(get("flaky").getStatus().getFailed()).isEqualTo(3);
        assertThat(get("flaky").getStatus().getCompletionTime()).isNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> BatchControllers.events(admin, NS,
                "flaky").contains("BackoffLimitExceeded: Job has reached the specified backoff"
                        + " limit"));
    }

    @Test
    void podFailurePolicyIgnoresDisruptionsAndFailsTheJobOnExitCode42() {
        create(job("policy").editSpec().withBackoffLimit(6).withNewPodFailurePolicy()
                .addNewRule().withAction("FailJob").withNewOnExitCodes().withContainerName("main")
                .withOperator("In").withValues(42).endOnExitCodes().endRule()
                .addNewRule().withAction("Ignore").addNewOnPodCondition()
                .withType("DisruptionTarget").withStatus("True").endOnPodCondition().endRule()
                .endPodFailurePolicy().editTemplate().editSpec().withRestartPolicy("Never")
                .endSpec().endTemplate().endSpec().build());
        Pod first = kubelet.awaitActive(NS, "policy", 1).getFirst();
        kubelet.failWithCondition(first, "DisruptionTarget");
        // ignored: not counted, and replaced at once (no back-off)
        Pod second = await().atMost(Duration.ofSeconds(20)).until(
                () -> kubelet.active(NS, "policy"), l -> l.size() == 1
                        && !l.getFirst().getMetadata().getUid().equals(
                                first.getMetadata().getUid())).getFirst();
        assertThat(get("policy").getStatus().getFailed()).isZero();
        kubelet.fail(second, 42);

        JobCondition failed = awaitCondition("policy", "Failed");
        assertThat(failed.getReason()).isEqualTo("PodFailurePolicy");
        assertThat(failed.getMessage()).isEqualTo("Container main for pod " + NS + "/"
                + second.getMetadata().getName() + " failed with exit code 42 matching FailJob"
                + " rule at index 0");
        assertThat(get("policy").getStatus().getFailed()).isEqualTo(1);
    }

    @Test
    void aSuspendedJobRunsNothingAndAJobPastItsDeadlineFails() {
        create(job("later").editSpec().withSuspend(true).withActiveDeadlineSeconds(30L)
                .endSpec().build());
        JobCondition suspended = awaitCondition("later", "Suspended");
        assertThat(suspended.getReason()).isEqualTo("JobSuspended");
        assertThat(kubelet.all(NS, "later")).isEmpty();
        assertThat(get("later").getStatus().getStartTime()).isNull();

        admin.batch().v1().jobs().inNamespace(NS).withName("later")
                .edit(j -> new JobBuilder(j).editSpec().withSuspend(false).endSpec().build());
        kubelet.running(kubelet.awaitActive(NS, "later", 1).getFirst());
        await().atMost(Duration.ofSeconds(20)).until(() -> get("later").getStatus()
                .getConditions().stream().anyMatch(c -> c.getType().equals("Suspended")
                        && c.getStatus().equals("False") && c.getReason().equals("JobResumed")));

        tick("later", Duration.ofSeconds(31));
        JobCondition failed = awaitCondition("later", "Failed");
        assertThat(failed.getReason()).isEqualTo("DeadlineExceeded");
        assertThat(failed.getMessage()).isEqualTo("Job was active longer than specified deadline");
        await().atMost(Duration.ofSeconds(10)).until(() -> kubelet.all(NS, "later").isEmpty());
    }
}
