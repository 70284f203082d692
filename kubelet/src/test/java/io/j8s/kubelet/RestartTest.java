package io.j8s.kubelet;

import static io.j8s.kubelet.PodLifecycleTest.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Restarts on a sim node whose clock the test moves: crash loops, probes, kubelet restarts. */
class RestartTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();
    private NodeAgent node;
    private KubernetesClient api;
    private String nodeName;
    private static int nodes;

    @BeforeEach
    void startNode() {
        nodeName = "restart-node-" + ++nodes;
        node = NodeAgent.start(cluster, nodeName, "10.42." + (20 + nodes) + ".0/24");
        api = cluster.client();
    }

    @AfterEach
    void stopNode() {
        node.close();
    }

    private PodBuilder pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default")
                .endMetadata().withNewSpec().withNodeName(nodeName)
                .addNewContainer().withName("app").withImage("busybox:1.36").endContainer()
                .endSpec();
    }

    private Pod awaitPod(String name, Predicate<Pod> condition) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            Pod p = api.pods().inNamespace("default").withName(name).get();
            return p != null && p.getStatus().getContainerStatuses() != null
                    && !p.getStatus().getContainerStatuses().isEmpty() && condition.test(p);
        });
        return api.pods().inNamespace("default").withName(name).get();
    }

    private static ContainerStatus app(Pod pod) {
        return pod.getStatus().getContainerStatuses().getFirst();
    }

    private static String waitingMessage(Pod p) {
        var w = app(p).getState().getWaiting();
        return w == null || w.getMessage() == null ? "" : w.getMessage();
    }

    @Test
    void aContainerThatKeepsFailingIsRestartedWithADoublingBackOff() {
        Pod created = api.pods().inNamespace("default").resource(pod("crash")
                .editMetadata().withAnnotations(Map.of("sim.j8s.io/exit-after", "0:1")).endMetadata()
                .build()).create();
        String podRef = "crash_default(" + created.getMetadata().getUid() + ")";

        Pod first = awaitPod("crash", p -> app(p).getRestartCount() == 1
                && app(p).getState().getWaiting() != null);
        assertThat(app(first).getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
        assertThat(waitingMessage(first))
                .isEqualTo("back-off 10s restarting failed container=app pod=" + podRef);
        assertThat(app(first).getLastState().getTerminated().getExitCode()).isEqualTo(1);
        assertThat(first.getStatus().getPhase()).isEqualTo("Running");

        node.clock.advance(Duration.ofSeconds(11));

        Pod second = awaitPod("crash", p -> app(p).getRestartCount() == 2
                && waitingMessage(p).startsWith("back-off 20s"));
        assertThat(app(second).getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
        await().atMost(Duration.ofSeconds(10)).until(() -> api.v1().events().inNamespace("default")
                .list().getItems().stream().map(Event::getReason).anyMatch("BackOff"::equals));
    }

    @Test
    void restartPolicyOnFailureRestartsAFailedContainerButNotASucceededOne() {
        api.pods().inNamespace("default").resource(pod("onfailure")
                .editMetadata().withAnnotations(Map.of("sim.j8s.io/exit-after", "5:2")).endMetadata()
                .editSpec().withRestartPolicy("OnFailure").endSpec().build()).create();
        awaitPod("onfailure", p -> app(p).getState().getRunning() != null);

        node.clock.advance(Duration.ofSeconds(6));

        Pod restarted = awaitPod("onfailure", p -> app(p).getRestartCount() == 1);
        assertThat(restarted.getStatus().getPhase()).isEqualTo("Running");
        assertThat(app(restarted).getLastState().getTerminated().getExitCode()).isEqualTo(2);
    }

    @Test
    void aFailingLivenessProbeRestartsTheContainerAndAFailingReadinessProbeKeepsItUnready() {
        api.pods().inNamespace("default").resource(pod("probed").editSpec().editFirstContainer()
                .withNewLivenessProbe().withNewExec().withCommand("false").endExec()
                .withPeriodSeconds(1).withFailureThreshold(2).endLivenessProbe()
                .endContainer()
                .addNewContainer().withName("side").withImage("busybox")
                .withNewReadinessProbe().withNewExec().withCommand("false").endExec()
                .withPeriodSeconds(1).endReadinessProbe().endContainer()
                .endSpec().build()).create();
        awaitPod("probed", p -> app(p).getState().getRunning() != null);

        for (int i = 0; i < 3; i++) {
            node.clock.advance(Duration.ofSeconds(1));
            await().pollDelay(Duration.ofMillis(150)).until(() -> true);
        }

        Pod pod = awaitPod("probed", p -> app(p).getRestartCount() >= 1);
        assertThat(pod.getStatus().getContainerStatuses().get(1).getReady()).isFalse();
        assertThat(condition(pod, "Ready")).isEqualTo("False");
        await().atMost(Duration.ofSeconds(10)).until(() -> api.v1().events().inNamespace("default")
                .list().getItems().stream().filter(e -> e.getReason().equals("Unhealthy"))
                .map(Event::getMessage).anyMatch(m -> m.startsWith("Liveness probe failed")));
    }

    @Test
    void aNewKubeletOnTheSameRuntimeReadoptsRunningContainers() {
        api.pods().inNamespace("default").resource(pod("kept").build()).create();
        Pod before = awaitPod("kept", p -> "Running".equals(p.getStatus().getPhase())
                && "True".equals(condition(p, "Ready")));
        String containerId = app(before).getContainerID();
        String podIp = before.getStatus().getPodIP();

        node.stopKubelet();
        node = NodeAgent.start(cluster, nodeName, node.podCidr, node.clock, node.runtime);
        // the server answers a patch that raced the kubelet's status write with 409: try again
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() ->
                api.pods().inNamespace("default").withName("kept").edit(p -> {
                    p.getMetadata().setLabels(Map.of("touched", "yes"));
                    return p;
                }) != null);
        await().pollDelay(Duration.ofMillis(500)).until(() -> true);

        Pod after = awaitPod("kept", p -> "Running".equals(p.getStatus().getPhase()));
        assertThat(app(after).getContainerID()).isEqualTo(containerId);
        assertThat(app(after).getRestartCount()).isZero();
        assertThat(after.getStatus().getPodIP()).isEqualTo(podIp);
        assertThat(node.runtime.listContainers()).hasSize(1);
        assertThat(node.runtime.listPodSandboxes()).hasSize(1);
    }

    @Test
    void containersOfAPodGoneWhileTheKubeletWasDownAreKilledAndRemoved() {
        Pod created = api.pods().inNamespace("default").resource(pod("forgotten").build()).create();
        awaitPod("forgotten", p -> "Running".equals(p.getStatus().getPhase()));
        String uid = created.getMetadata().getUid();

        node.stopKubelet();
        api.pods().inNamespace("default").withName("forgotten").withGracePeriod(0).delete();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                api.pods().inNamespace("default").withName("forgotten").get() == null);
        assertThat(node.runtime.listContainers()).isNotEmpty();
        node = NodeAgent.start(cluster, nodeName, node.podCidr, node.clock, node.runtime);

        await().atMost(Duration.ofSeconds(20)).until(() -> node.runtime.listContainers().stream()
                .noneMatch(c -> uid.equals(c.labels().get("io.kubernetes.pod.uid")))
                && node.runtime.listPodSandboxes().stream().noneMatch(s -> s.uid().equals(uid)));
    }

    @Test
    void aPodPastItsActiveDeadlineFails() {
        api.pods().inNamespace("default").resource(pod("deadline").editSpec()
                .withActiveDeadlineSeconds(30L).endSpec().build()).create();
        awaitPod("deadline", p -> "Running".equals(p.getStatus().getPhase()));

        node.clock.advance(Duration.ofSeconds(31));

        Pod failed = awaitPod("deadline", p -> "Failed".equals(p.getStatus().getPhase()));
        assertThat(failed.getStatus().getReason()).isEqualTo("DeadlineExceeded");
        assertThat(failed.getStatus().getMessage())
                .isEqualTo("Pod was active on the node longer than the specified deadline");
        awaitPod("deadline", p -> app(p).getState().getTerminated() != null);
    }
}
