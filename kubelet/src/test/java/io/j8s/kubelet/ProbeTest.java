package io.j8s.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Probes and hooks on a sim node: what the sim answers, they succeed on; what it refuses, fail. */
class ProbeTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();
    private static NodeAgent node;
    private static KubernetesClient api;

    @BeforeAll
    static void startNode() {
        node = NodeAgent.start(cluster, "probe-node", "10.42.13.0/24");
        api = cluster.client();
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    private static PodBuilder pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default")
                .endMetadata().withNewSpec().withNodeName("probe-node")
                .addNewContainer().withName("app").withImage("busybox")
                .addNewPort().withName("http").withContainerPort(8080).endPort()
                .endContainer().endSpec();
    }

    private static Pod awaitPod(String name, Predicate<Pod> ok) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            Pod p = api.pods().inNamespace("default").withName(name).get();
            return p != null && p.getStatus().getContainerStatuses() != null
                    && !p.getStatus().getContainerStatuses().isEmpty() && ok.test(p);
        });
        return api.pods().inNamespace("default").withName(name).get();
    }

    private static ContainerStatus app(Pod p) {
        return p.getStatus().getContainerStatuses().getFirst();
    }

    private static void tick(int seconds) {
        for (int i = 0; i < seconds; i++) {
            node.clock.advance(Duration.ofSeconds(1));
            await().pollDelay(Duration.ofMillis(120)).until(() -> true);
        }
    }

    @Test
    void httpGetAndTcpSocketReadinessProbesAfterTheirInitialDelayMakeThePodReady() {
        api.pods().inNamespace("default").resource(pod("ready").editSpec().editFirstContainer()
                .withNewReadinessProbe().withNewHttpGet().withPath("/healthz")
                .withPort(new IntOrString("http")).endHttpGet().withInitialDelaySeconds(5)
                .withPeriodSeconds(1).withSuccessThreshold(2).endReadinessProbe()
                .withNewLivenessProbe().withNewTcpSocket().withPort(new IntOrString(8080))
                .endTcpSocket().withPeriodSeconds(1).endLivenessProbe()
                .endContainer().endSpec().build()).create();

        Pod notYet = awaitPod("ready", p -> app(p).getState().getRunning() != null);
        assertThat(app(notYet).getReady()).isFalse();

        tick(7);

        Pod ready = awaitPod("ready", p -> app(p).getReady());
        assertThat(app(ready).getRestartCount()).isZero();
    }

    @Test
    void aContainerIsNotStartedUntilItsStartupProbeSucceeds() {
        api.pods().inNamespace("default").resource(pod("startup").editSpec().editFirstContainer()
                .withNewStartupProbe().withNewExec().withCommand("true").endExec()
                .withInitialDelaySeconds(3).withPeriodSeconds(1).endStartupProbe()
                .endContainer().endSpec().build()).create();

        Pod before = awaitPod("startup", p -> app(p).getState().getRunning() != null);
        assertThat(app(before).getStarted()).isFalse();
        assertThat(app(before).getReady()).isFalse();

        tick(4);

        Pod after = awaitPod("startup", p -> app(p).getStarted() && app(p).getReady());
        assertThat(after.getStatus().getPhase()).isEqualTo("Running");
    }

    @Test
    void aFailingPostStartHookKillsTheContainer() {
        api.pods().inNamespace("default").resource(pod("hooked").editSpec()
                .withRestartPolicy("Never").editFirstContainer().withNewLifecycle()
                .withNewPostStart().withNewExec().withCommand("no-such-command").endExec()
                .endPostStart().endLifecycle().endContainer().endSpec().build()).create();

        Pod pod = awaitPod("hooked", p -> app(p).getState().getTerminated() != null);
        assertThat(pod.getStatus().getPhase()).isEqualTo("Failed");
        await().atMost(Duration.ofSeconds(10)).until(() -> api.v1().events().inNamespace("default")
                .list().getItems().stream().map(Event::getReason)
                .anyMatch("FailedPostStartHook"::equals));
    }

    @Test
    void aDeletedPodRunsItsPreStopHookAndGoes() {
        api.pods().inNamespace("default").resource(pod("prestop").editSpec().editFirstContainer()
                .withNewLifecycle().withNewPreStop().withNewExec().withCommand("no-such-command")
                .endExec().endPreStop().endLifecycle().endContainer().endSpec().build()).create();
        awaitPod("prestop", p -> app(p).getState().getRunning() != null);

        api.pods().inNamespace("default").withName("prestop").delete();

        await().atMost(Duration.ofSeconds(20)).until(() ->
                api.pods().inNamespace("default").withName("prestop").get() == null);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.v1().events().inNamespace("default")
                .list().getItems().stream().filter(e -> e.getInvolvedObject().getName()
                        .equals("prestop")).map(Event::getReason).anyMatch("FailedPreStopHook"::equals));
    }
}
