package io.j8s.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** READY, STATUS and RESTARTS of {@code kubectl get pods}, in the situations users meet. */
class PodSummaryTest {
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    private static ContainerStatus running(String name, boolean ready) {
        return new ContainerStatusBuilder().withName(name).withReady(ready).withRestartCount(0)
                .withNewState().withNewRunning().withStartedAt("2025-06-01T11:00:00Z").endRunning()
                .endState().build();
    }

    private static ContainerStatus waiting(String name, String reason, int restarts) {
        return new ContainerStatusBuilder().withName(name).withReady(false).withRestartCount(restarts)
                .withNewState().withNewWaiting().withReason(reason).endWaiting().endState().build();
    }

    private static ContainerStatus terminated(String name, String reason, int exitCode, int signal) {
        return new ContainerStatusBuilder().withName(name).withReady(false).withRestartCount(0)
                .withNewState().withNewTerminated().withReason(reason).withExitCode(exitCode)
                .withSignal(signal == 0 ? null : signal).endTerminated().endState().build();
    }

    private static PodCondition condition(String type, String status) {
        return new PodConditionBuilder().withType(type).withStatus(status).build();
    }

    private static PodBuilder pod(String phase, String... containers) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec().endSpec();
        for (String c : containers) {
            b.editSpec().addNewContainer().withName(c).withImage("busybox").endContainer().endSpec();
        }
        return b.withNewStatus().withPhase(phase).endStatus();
    }

    private static PodSummary summary(Pod pod) {
        return PodSummary.of(pod);
    }

    @Test
    void runningPodIsReady() {
        PodSummary s = summary(pod("Running", "app").editStatus()
                .withContainerStatuses(running("app", true)).endStatus().build());
        assertThat(s.readyText()).isEqualTo("1/1");
        assertThat(s.status()).isEqualTo("Running");
        assertThat(s.restartsText(NOW)).isEqualTo("0");
    }

    @Test
    void pendingPodShowsWhatItsContainerWaitsFor() {
        PodSummary s = summary(pod("Pending", "app", "log").editStatus()
                .withContainerStatuses(waiting("app", "ContainerCreating", 0),
                        waiting("log", "ContainerCreating", 0)).endStatus().build());
        assertThat(s.status()).isEqualTo("ContainerCreating");
        assertThat(s.readyText()).isEqualTo("0/2");
    }

    @Test
    void pendingPodWithoutStatusesShowsItsPhase() {
        assertThat(summary(pod("Pending", "app").build()).status()).isEqualTo("Pending");
        assertThat(summary(new PodBuilder().withNewMetadata().withName("bare").endMetadata().build())
                .readyText()).isEqualTo("0/0");
    }

    @Test
    void crashLoopShowsRestartsAndWhenTheLastOneWas() {
        ContainerStatus crashing = new ContainerStatusBuilder(waiting("app", "CrashLoopBackOff", 5))
                .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error")
                .withFinishedAt("2025-06-01T11:55:00Z").endTerminated().endLastState().build();
        PodSummary s = summary(pod("Running", "app").editStatus()
                .withContainerStatuses(crashing).endStatus().build());
        assertThat(s.status()).isEqualTo("CrashLoopBackOff");
        assertThat(s.restartsText(NOW)).isEqualTo("5 (5m ago)");
    }

    @Test
    void restartsWithoutATerminationTimeShowNoAge() {
        PodSummary s = summary(pod("Running", "app").editStatus()
                .withContainerStatuses(new ContainerStatusBuilder(running("app", true))
                        .withRestartCount(3).build()).endStatus().build());
        assertThat(s.restartsText(NOW)).isEqualTo("3");
    }

    @Test
    void finishedContainersShowTheirReasonOrExitCode() {
        assertThat(summary(pod("Succeeded", "app").editStatus()
                .withContainerStatuses(terminated("app", "Completed", 0, 0)).endStatus().build())
                .status()).isEqualTo("Completed");
        assertThat(summary(pod("Failed", "app").editStatus()
                .withContainerStatuses(terminated("app", "", 137, 0)).endStatus().build())
                .status()).isEqualTo("ExitCode:137");
        assertThat(summary(pod("Failed", "app").editStatus()
                .withContainerStatuses(terminated("app", "", 0, 9)).endStatus().build())
                .status()).isEqualTo("Signal:9");
    }

    @Test
    void completedContainerBesideARunningOneReadsRunningOrNotReady() {
        PodBuilder b = pod("Running", "job", "server").editStatus()
                .withContainerStatuses(terminated("job", "Completed", 0, 0), running("server", true))
                .endStatus();
        assertThat(summary(b.build()).status()).isEqualTo("NotReady");
        PodSummary ready = summary(b.editStatus().withConditions(condition("Ready", "True"))
                .endStatus().build());
        assertThat(ready.status()).isEqualTo("Running");
        assertThat(ready.readyText()).isEqualTo("1/2");
    }

    @Test
    void initContainersShowProgressAndFailures() {
        PodBuilder b = pod("Pending", "app").editSpec()
                .addNewInitContainer().withName("init-a").endInitContainer()
                .addNewInitContainer().withName("init-b").endInitContainer().endSpec();
        Pod progressing = b.editStatus().withInitContainerStatuses(
                terminated("init-a", "Completed", 0, 0), running("init-b", false))
                .withContainerStatuses(waiting("app", "PodInitializing", 0)).endStatus().build();
        assertThat(summary(progressing).status()).isEqualTo("Init:1/2");

        Pod crashing = b.editStatus().withInitContainerStatuses(
                waiting("init-a", "CrashLoopBackOff", 2)).endStatus().build();
        assertThat(summary(crashing).status()).isEqualTo("Init:CrashLoopBackOff");
        assertThat(summary(crashing).restartsText(NOW)).isEqualTo("2");

        Pod failed = b.editStatus().withInitContainerStatuses(terminated("init-a", "", 3, 0))
                .endStatus().build();
        assertThat(summary(failed).status()).isEqualTo("Init:ExitCode:3");
        Pod killed = b.editStatus().withInitContainerStatuses(terminated("init-a", "", 137, 9))
                .endStatus().build();
        assertThat(summary(killed).status()).isEqualTo("Init:Signal:9");
        Pod oom = b.editStatus().withInitContainerStatuses(terminated("init-a", "OOMKilled", 137, 0))
                .endStatus().build();
        assertThat(summary(oom).status()).isEqualTo("Init:OOMKilled");
    }

    @Test
    void startedSidecarsCountAsContainers() {
        Pod pod = pod("Running", "app").editSpec().addNewInitContainer().withName("proxy")
                .withRestartPolicy("Always").endInitContainer().endSpec()
                .editStatus()
                .withInitContainerStatuses(new ContainerStatusBuilder(running("proxy", true))
                        .withStarted(true).withRestartCount(1).build())
                .withContainerStatuses(running("app", true))
                .withConditions(condition("Initialized", "True")).endStatus().build();
        PodSummary s = summary(pod);
        assertThat(s.readyText()).isEqualTo("2/2");
        assertThat(s.status()).isEqualTo("Running");
        assertThat(s.restarts()).isEqualTo(1);
    }

    @Test
    void deletionShowsTerminatingUnlessThePodFinished() {
        Pod running = pod("Running", "app").editMetadata()
                .withDeletionTimestamp("2025-06-01T11:59:00Z").endMetadata()
                .editStatus().withContainerStatuses(running("app", true)).endStatus().build();
        assertThat(summary(running).status()).isEqualTo("Terminating");

        Pod done = pod("Succeeded", "app").editMetadata()
                .withDeletionTimestamp("2025-06-01T11:59:00Z").endMetadata()
                .editStatus().withContainerStatuses(terminated("app", "Completed", 0, 0))
                .endStatus().build();
        assertThat(summary(done).status()).isEqualTo("Completed");

        Pod lost = pod("Running", "app").editMetadata()
                .withDeletionTimestamp("2025-06-01T11:59:00Z").endMetadata()
                .editStatus().withReason("NodeLost").endStatus().build();
        assertThat(summary(lost).status()).isEqualTo("Unknown");
    }

    @Test
    void podReasonAndSchedulingGatesOverrideThePhase() {
        assertThat(summary(pod("Failed", "app").editStatus().withReason("Evicted").endStatus()
                .build()).status()).isEqualTo("Evicted");
        PodCondition gated = new PodConditionBuilder().withType("PodScheduled").withStatus("False")
                .withReason("SchedulingGated").build();
        assertThat(summary(pod("Pending", "app").editStatus().withConditions(List.of(gated))
                .endStatus().build()).status()).isEqualTo("SchedulingGated");
    }
}
