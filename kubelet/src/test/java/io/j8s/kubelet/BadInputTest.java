package io.j8s.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a user sees when a pod cannot run: upstream's reasons, messages and events. */
class BadInputTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();
    private static NodeAgent node;
    private static KubernetesClient api;

    @BeforeAll
    static void startNode() {
        node = NodeAgent.start(cluster, "bad-node", "10.42.11.0/24");
        api = cluster.client();
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    private static PodBuilder pod(String name, String image) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default")
                .endMetadata().withNewSpec().withNodeName("bad-node")
                .addNewContainer().withName("app").withImage(image).endContainer().endSpec();
    }

    private static ContainerStateWaiting awaitWaiting(String name,
            Predicate<ContainerStateWaiting> ok) {
        try {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
                Pod p = api.pods().inNamespace("default").withName(name).get();
                if (p == null || p.getStatus().getContainerStatuses() == null
                        || p.getStatus().getContainerStatuses().isEmpty()) {
                    return false;
                }
                ContainerStateWaiting w = p.getStatus().getContainerStatuses().getFirst().getState()
                        .getWaiting();
                return w != null && ok.test(w);
            });
        } catch (RuntimeException e) {
            // what the pod showed instead, for whoever reads a failure
            throw new AssertionError("pod " + name + " did not get there; status "
                    + api.pods().inNamespace("default").withName(name).get().getStatus()
                    + "; events " + events(name).stream()
                            .map(x -> x.getReason() + ": " + x.getMessage()).toList(), e);
        }
        return api.pods().inNamespace("default").withName(name).get().getStatus()
                .getContainerStatuses().getFirst().getState().getWaiting();
    }

    private static List<Event> events(String pod) {
        return api.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> e.getInvolvedObject().getName().equals(pod)).toList();
    }

    @Test
    void aMissingImageIsErrImagePullThenImagePullBackOff() {
        api.pods().inNamespace("default").resource(pod("noimage", "sim.j8s.io/missing:1").build())
                .create();

        ContainerStateWaiting backOff = awaitWaiting("noimage",
                w -> "ImagePullBackOff".equals(w.getReason()));
        assertThat(backOff.getMessage()).isEqualTo("Back-off pulling image \"sim.j8s.io/missing:1\"");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events("noimage"))
                .extracting(e -> e.getReason() + ": " + e.getMessage())
                .anyMatch(m -> m.startsWith("Failed: Failed to pull image \"sim.j8s.io/missing:1\":")
                        && m.contains("not found"))
                .contains("BackOff: Back-off pulling image \"sim.j8s.io/missing:1\""));

        node.clock.advance(Duration.ofSeconds(11));

        // once the back-off is over the kubelet pulls again (ErrImagePull shows only until the
        // next sync puts the pod back in ImagePullBackOff): the failure's event counts two
        await().atMost(Duration.ofSeconds(20)).until(() -> events("noimage").stream()
                .anyMatch(e -> e.getMessage().startsWith("Failed to pull image")
                        && e.getCount() != null && e.getCount() >= 2));
    }

    @Test
    void anImageThatMayNotBePulledIsErrImageNeverPull() {
        api.pods().inNamespace("default").resource(pod("never", "sim.j8s.io/missing:2")
                .editSpec().editFirstContainer().withImagePullPolicy("Never").endContainer()
                .endSpec().build()).create();

        ContainerStateWaiting w = awaitWaiting("never", x -> "ErrImageNeverPull".equals(x.getReason()));
        assertThat(w.getMessage()).isEqualTo("Container image \"sim.j8s.io/missing:2\" is not"
                + " present with pull policy of Never");
    }

    @Test
    void aMissingSecretIsACreateContainerConfigError() {
        api.pods().inNamespace("default").resource(pod("nosecret", "busybox").editSpec()
                .editFirstContainer().addNewEnv().withName("TOKEN").withNewValueFrom()
                .withNewSecretKeyRef().withName("absent").withKey("token").endSecretKeyRef()
                .endValueFrom().endEnv().endContainer().endSpec().build()).create();

        ContainerStateWaiting w = awaitWaiting("nosecret",
                x -> "CreateContainerConfigError".equals(x.getReason()));
        assertThat(w.getMessage()).isEqualTo("secret \"absent\" not found");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events("nosecret"))
                .extracting(e -> e.getType() + " " + e.getReason() + ": " + e.getMessage())
                .contains("Warning Failed: Error: secret \"absent\" not found"));
    }

    @Test
    void aVolumeTheKubeletCannotMountIsAFailedMountEvent() {
        api.pods().inNamespace("default").resource(pod("nomount", "busybox").editSpec()
                .addNewVolume().withName("data").withNewHostPath().withPath("/tmp").endHostPath()
                .endVolume().endSpec().build()).create();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events("nomount"))
                .extracting(e -> e.getType() + " " + e.getReason() + ": " + e.getMessage())
                .anyMatch(m -> m.startsWith("Warning FailedMount: MountVolume.SetUp failed for"
                        + " volume \"data\" : ")));
        assertThat(awaitWaiting("nomount", x -> true).getReason()).isEqualTo("ContainerCreating");
    }

    @Test
    void aHostNetworkPodHasTheNodesAddress() {
        api.pods().inNamespace("default").resource(pod("hostnet", "busybox").editSpec()
                .withHostNetwork(true).endSpec().build()).create();

        await().atMost(Duration.ofSeconds(20)).until(() -> "Running".equals(api.pods()
                .inNamespace("default").withName("hostnet").get().getStatus().getPhase()));
        assertThat(api.pods().inNamespace("default").withName("hostnet").get().getStatus()
                .getPodIP()).isEqualTo("192.0.2.10");
    }

    @Test
    void aPodAskingForAHostPortARunningPodHoldsIsRejectedWithNodePorts() {
        api.pods().inNamespace("default").resource(pod("port-holder", "busybox:1.36")
                .editSpec().editFirstContainer().addNewPort().withContainerPort(80)
                .withHostPort(18080).endPort().endContainer().endSpec().build()).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> "Running".equals(api.pods()
                .inNamespace("default").withName("port-holder").get().getStatus().getPhase()));

        api.pods().inNamespace("default").resource(pod("port-taker", "busybox:1.36")
                .editSpec().editFirstContainer().addNewPort().withContainerPort(8080)
                .withHostPort(18080).withHostIP("127.0.0.1").endPort().endContainer().endSpec()
                .build()).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> "Failed".equals(api.pods()
                .inNamespace("default").withName("port-taker").get().getStatus().getPhase()));
        Pod taker = api.pods().inNamespace("default").withName("port-taker").get();
        assertThat(taker.getStatus().getReason()).isEqualTo("NodePorts");
        assertThat(taker.getStatus().getMessage()).isEqualTo("Pod was rejected: Predicate"
                + " NodePorts failed: node(s) didn't have free ports for the requested pod ports"
                + " (127.0.0.1:18080/TCP)");
        await().atMost(Duration.ofSeconds(10)).until(() -> events("port-taker").stream()
                .anyMatch(e -> "NodePorts".equals(e.getReason())));
        assertThat(taker.getStatus().getContainerStatuses()).isNullOrEmpty();
        // the holder is untouched
        assertThat(api.pods().inNamespace("default").withName("port-holder").get().getStatus()
                .getPhase()).isEqualTo("Running");
    }
}
