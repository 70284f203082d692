package io.j8s.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.kubelet.runtime.ContainerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pods bound to a sim node, from creation to deletion, as a user sees them through the API. */
class PodLifecycleTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();
    private static NodeAgent node;
    private static KubernetesClient api;

    @BeforeAll
    static void startNode() {
        node = NodeAgent.start(cluster, "pods-node", "10.42.7.0/24");
        api = cluster.client();
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    static PodBuilder pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default")
                .endMetadata().withNewSpec().withNodeName("pods-node")
                .addNewContainer().withName("app").withImage("busybox:1.36").endContainer()
                .endSpec();
    }

    static Pod awaitPod(String name, Predicate<Pod> condition) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            Pod p = api.pods().inNamespace("default").withName(name).get();
            return p != null && condition.test(p);
        });
        return api.pods().inNamespace("default").withName(name).get();
    }

    static String condition(Pod pod, String type) {
        return pod.getStatus().getConditions().stream().filter(c -> c.getType().equals(type))
                .map(PodCondition::getStatus).findFirst().orElse("");
    }

    static ContainerStatus container(Pod pod, String name) {
        return pod.getStatus().getContainerStatuses().stream()
                .filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    static List<String> eventReasons(String podName) {
        return api.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> e.getInvolvedObject().getName().equals(podName))
                .map(Event::getReason).collect(Collectors.toList());
    }

    @Test
    void aPodBoundToTheNodeRunsAndIsReadyWithAnIpOfThePodCidr() {
        api.pods().inNamespace("default").resource(pod("web").build()).create();

        Pod pod = awaitPod("web", p -> "Running".equals(p.getStatus().getPhase())
                && "True".equals(condition(p, "Ready")));
        assertThat(pod.getStatus().getPodIP()).startsWith("10.42.7.");
        assertThat(pod.getStatus().getPodIPs()).hasSize(1);
        assertThat(pod.getStatus().getHostIP()).isEqualTo("192.0.2.10");
        assertThat(pod.getStatus().getStartTime()).isNotNull();
        assertThat(pod.getStatus().getQosClass()).isEqualTo("BestEffort");
        for (String type : List.of("PodScheduled", "PodReadyToStartContainers", "Initialized",
                "ContainersReady", "Ready")) {
            assertThat(condition(pod, type)).as(type).isEqualTo("True");
        }
        ContainerStatus app = container(pod, "app");
        assertThat(app.getReady()).isTrue();
        assertThat(app.getStarted()).isTrue();
        assertThat(app.getRestartCount()).isZero();
        assertThat(app.getState().getRunning().getStartedAt()).isNotNull();
        assertThat(app.getContainerID()).startsWith("sim://");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(eventReasons("web")).contains("Pulled", "Created", "Started"));
    }

    @Test
    void aContainerThatExitsZeroWithRestartPolicyNeverSucceeds() {
        api.pods().inNamespace("default").resource(pod("done")
                .editMetadata().withAnnotations(Map.of("sim.j8s.io/exit-after", "0:0")).endMetadata()
                .editSpec().withRestartPolicy("Never").endSpec().build()).create();

        Pod pod = awaitPod("done", p -> "Succeeded".equals(p.getStatus().getPhase()));
        var terminated = container(pod, "app").getState().getTerminated();
        assertThat(terminated.getExitCode()).isZero();
        assertThat(terminated.getReason()).isEqualTo("Completed");
        assertThat(condition(pod, "Ready")).isEqualTo("False");
    }

    @Test
    void aContainerThatExitsNonZeroWithRestartPolicyNeverFails() {
        api.pods().inNamespace("default").resource(pod("broken")
                .editMetadata().withAnnotations(Map.of("sim.j8s.io/exit-after", "0:3")).endMetadata()
                .editSpec().withRestartPolicy("Never").endSpec().build()).create();

        Pod pod = awaitPod("broken", p -> "Failed".equals(p.getStatus().getPhase()));
        var terminated = container(pod, "app").getState().getTerminated();
        assertThat(terminated.getExitCode()).isEqualTo(3);
        assertThat(terminated.getReason()).isEqualTo("Error");
        assertThat(container(pod, "app").getRestartCount()).isZero();
    }

    @Test
    void initContainersRunToCompletionBeforeTheContainers() {
        api.pods().inNamespace("default").resource(pod("init")
                .editMetadata().withAnnotations(Map.of("sim.j8s.io/exit-after", "0:0")).endMetadata()
                .editSpec().withRestartPolicy("OnFailure")
                .addNewInitContainer().withName("first").withImage("busybox").endInitContainer()
                .addNewInitContainer().withName("second").withImage("busybox").endInitContainer()
                .endSpec().build()).create();

        Pod pod = awaitPod("init", p -> "Succeeded".equals(p.getStatus().getPhase()));
        var first = pod.getStatus().getInitContainerStatuses().get(0).getState().getTerminated();
        var second = pod.getStatus().getInitContainerStatuses().get(1).getState().getTerminated();
        var app = container(pod, "app").getState().getTerminated();
        assertThat(first.getReason()).isEqualTo("Completed");
        assertThat(second.getReason()).isEqualTo("Completed");
        assertThat(app.getReason()).isEqualTo("Completed");
        assertThat(condition(pod, "Initialized")).isEqualTo("True");
    }

    @Test
    void aRunningInitContainerHoldsBackTheContainers() {
        api.pods().inNamespace("default").resource(pod("waits")
                .editSpec().addNewInitContainer().withName("setup").withImage("busybox")
                .endInitContainer().endSpec().build()).create();

        Pod pod = awaitPod("waits", p -> p.getStatus().getInitContainerStatuses() != null
                && !p.getStatus().getInitContainerStatuses().isEmpty()
                && p.getStatus().getInitContainerStatuses().get(0).getState().getRunning() != null);
        assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(container(pod, "app").getState().getWaiting().getReason())
                .isEqualTo("PodInitializing");
        assertThat(condition(pod, "Initialized")).isEqualTo("False");
    }

    @Test
    void aSidecarInitContainerStartsFirstAndKeepsRunningBesideTheContainers() {
        api.pods().inNamespace("default").resource(pod("sidecar").editSpec()
                .addNewInitContainer().withName("proxy").withImage("busybox")
                .withRestartPolicy("Always").endInitContainer().endSpec().build()).create();

        Pod pod = awaitPod("sidecar", p -> "Running".equals(p.getStatus().getPhase())
                && "True".equals(condition(p, "Ready")));
        var proxy = pod.getStatus().getInitContainerStatuses().getFirst();
        assertThat(proxy.getState().getRunning()).isNotNull();
        assertThat(proxy.getStarted()).isTrue();
        assertThat(container(pod, "app").getState().getRunning()).isNotNull();
        assertThat(condition(pod, "Initialized")).isEqualTo("True");
    }

    @Test
    void envComesFromValuesFieldsAndConfigMapsAndAMissingKeyIsAConfigError() {
        api.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("settings").endMetadata().addToData("LEVEL", "debug")
                .addToData("color", "blue").build()).create();
        api.pods().inNamespace("default").resource(pod("env").editSpec().editFirstContainer()
                .addNewEnv().withName("GREETING").withValue("hello $(LEVEL)").endEnv()
                .addNewEnv().withName("POD").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.name").endFieldRef().endValueFrom().endEnv()
                .addNewEnvFrom().withPrefix("CFG_").withNewConfigMapRef().withName("settings")
                .endConfigMapRef().endEnvFrom()
                .addNewEnvFrom().withNewConfigMapRef().withName("settings").endConfigMapRef()
                .endEnvFrom()
                .withArgs("--level=$(LEVEL)", "$$(LEVEL)")
                .endContainer().endSpec().build()).create();
        api.pods().inNamespace("default").resource(pod("noenv").editSpec().editFirstContainer()
                .addNewEnv().withName("X").withNewValueFrom().withNewConfigMapKeyRef()
                .withName("settings").withKey("absent").endConfigMapKeyRef().endValueFrom()
                .endEnv().endContainer().endSpec().build()).create();

        Pod running = awaitPod("env", p -> "Running".equals(p.getStatus().getPhase()));
        String id = container(running, "app").getContainerID().substring("sim://".length());
        ContainerConfig config = node.runtime.containerConfig(id);
        assertThat(config.env()).containsEntry("GREETING", "hello debug")
                .containsEntry("POD", "env").containsEntry("CFG_LEVEL", "debug")
                .containsEntry("color", "blue").containsKey("KUBERNETES_SERVICE_HOST");
        assertThat(config.args()).containsExactly("--level=debug", "$(LEVEL)");

        Pod failing = awaitPod("noenv", p -> p.getStatus().getContainerStatuses() != null
                && !p.getStatus().getContainerStatuses().isEmpty()
                && container(p, "app").getState().getWaiting() != null
                && "CreateContainerConfigError".equals(
                        container(p, "app").getState().getWaiting().getReason()));
        assertThat(container(failing, "app").getState().getWaiting().getMessage())
                .isEqualTo("couldn't find key absent in ConfigMap default/settings");
        assertThat(failing.getStatus().getPhase()).isEqualTo("Pending");
    }

    @Test
    void deletingAPodStopsAndRemovesItsContainersAndThenThePodObject() {
        Pod created = api.pods().inNamespace("default").resource(pod("gone").build()).create();
        awaitPod("gone", p -> "Running".equals(p.getStatus().getPhase()));
        String uid = created.getMetadata().getUid();
        assertThat(node.runtime.listContainers()).anyMatch(c ->
                uid.equals(c.labels().get("io.kubernetes.pod.uid")));

        api.pods().inNamespace("default").withName("gone").delete();

        await().atMost(Duration.ofSeconds(20)).until(() ->
                api.pods().inNamespace("default").withName("gone").get() == null);
        assertThat(node.runtime.listContainers()).noneMatch(c ->
                uid.equals(c.labels().get("io.kubernetes.pod.uid")));
        assertThat(node.runtime.listPodSandboxes()).noneMatch(s -> s.uid().equals(uid));
        assertThat(eventReasons("gone")).contains("Killing");
    }
}
