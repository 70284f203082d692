package io.j8s.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.testkit.TestClock;
import java.time.Duration;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The node as the cluster sees it: registered, heartbeating, Ready while its runtime is. */
class NodeTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();

    private static NodeCondition condition(Node node, String type) {
        return node.getStatus().getConditions().stream().filter(c -> c.getType().equals(type))
                .findFirst().orElseThrow();
    }

    private static Node readyNode(KubernetesClient api, String name, String status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Node n = api.nodes().withName(name).get();
            return n != null && n.getStatus() != null && n.getStatus().getConditions() != null
                    && !n.getStatus().getConditions().isEmpty()
                    && status.equals(condition(n, "Ready").getStatus());
        });
        return api.nodes().withName(name).get();
    }

    @Test
    void theNodeRegistersWithCapacityAddressesAndInfoAndIsReady() {
        KubernetesClient api = cluster.client();
        try (NodeAgent agent = NodeAgent.start(cluster, "node-a", "10.42.3.0/24")) {
            Node node = readyNode(api, "node-a", "True");
            assertThat(node.getStatus().getCapacity().get("pods").toString()).isEqualTo("110");
            assertThat(node.getStatus().getCapacity().get("cpu").toString())
                    .isEqualTo(Integer.toString(Runtime.getRuntime().availableProcessors()));
            assertThat(node.getStatus().getCapacity()).containsKeys("memory", "ephemeral-storage");
            assertThat(node.getStatus().getAllocatable()).containsKeys("cpu", "memory", "pods");
            assertThat(node.getStatus().getAddresses()).extracting(a -> a.getType() + "=" + a.getAddress())
                    .containsExactly("InternalIP=192.0.2.10", "Hostname=node-a");
            assertThat(node.getStatus().getNodeInfo().getKubeletVersion()).matches("v1\\.\\d+\\.\\d+.*");
            assertThat(node.getStatus().getNodeInfo().getContainerRuntimeVersion()).startsWith("sim://");
            assertThat(node.getStatus().getNodeInfo().getOperatingSystem()).isEqualTo("linux");
            assertThat(node.getStatus().getNodeInfo().getKernelVersion()).isNotEmpty();
            assertThat(node.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort())
                    .isEqualTo(20250);
            assertThat(node.getSpec().getTaints()).as("no cloud provider: no uninitialized taint")
                    .noneMatch(t -> t.getKey().startsWith("node.cloudprovider.kubernetes.io/"));
            assertThat(node.getMetadata().getLabels()).containsEntry("kubernetes.io/hostname", "node-a")
                    .containsEntry("kubernetes.io/os", "linux");
            NodeCondition ready = condition(node, "Ready");
            assertThat(ready.getReason()).isEqualTo("KubeletReady");
            assertThat(ready.getMessage()).isEqualTo("kubelet is posting ready status");
            assertThat(condition(node, "MemoryPressure").getReason())
                    .isEqualTo("KubeletHasSufficientMemory");
            assertThat(condition(node, "DiskPressure").getStatus()).isEqualTo("False");
            assertThat(condition(node, "PIDPressure").getStatus()).isEqualTo("False");
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    "10.42.3.0/24".equals(api.nodes().withName("node-a").get().getSpec().getPodCIDR()));
        }
    }

    @Test
    void withAnExternalCloudProviderTheNodeRegistersUninitialized() throws Exception {
        KubernetesClient api = cluster.client();
        TestClock clock = new TestClock();
        try (KubernetesClient client = cluster.newClient();
                io.j8s.kubelet.runtime.sim.SimRuntime runtime =
                        new io.j8s.kubelet.runtime.sim.SimRuntime(clock);
                Kubelet kubelet = Kubelet.builder().nodeName("node-cloud").client(client)
                        .runtime(runtime).dataDir(cluster.dir().resolve("node-cloud"))
                        .nodeAddress("192.0.2.11").kubeletPort(20251).clock(clock)
                        .externalCloudProvider(true).build()) {
            kubelet.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> api.nodes().withName("node-cloud").get() != null);
            assertThat(api.nodes().withName("node-cloud").get().getSpec().getTaints())
                    .extracting(t -> t.getKey() + "=" + t.getValue() + ":" + t.getEffect())
                    .containsExactly("node.cloudprovider.kubernetes.io/uninitialized=true:NoSchedule");
        }
    }

    @Test
    void theLeaseIsRenewed() {
        KubernetesClient api = cluster.client();
        try (NodeAgent agent = NodeAgent.start(cluster, "node-b", "10.42.4.0/24")) {
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    api.leases().inNamespace("kube-node-lease").withName("node-b").get() != null);
            Lease first = api.leases().inNamespace("kube-node-lease").withName("node-b").get();
            assertThat(first.getSpec().getHolderIdentity()).isEqualTo("node-b");
            assertThat(first.getSpec().getLeaseDurationSeconds()).isEqualTo(40);
            assertThat(first.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(o -> assertThat(o.getKind() + "/" + o.getName()).isEqualTo("Node/node-b"));
            ZonedDateTime renewed = first.getSpec().getRenewTime();

            agent.clock.advance(Duration.ofSeconds(10));

            await().atMost(Duration.ofSeconds(10)).until(() -> api.leases()
                    .inNamespace("kube-node-lease").withName("node-b").get().getSpec()
                    .getRenewTime().isAfter(renewed));
        }
    }

    @Test
    void theNodeIsNotReadyWhileTheRuntimeIsDown() {
        KubernetesClient api = cluster.client();
        try (NodeAgent agent = NodeAgent.start(cluster, "node-c", "10.42.5.0/24")) {
            readyNode(api, "node-c", "True");

            agent.runtime.markDown("connection refused");

            Node down = readyNode(api, "node-c", "False");
            assertThat(condition(down, "Ready").getReason()).isEqualTo("KubeletNotReady");
            assertThat(condition(down, "Ready").getMessage())
                    .startsWith("container runtime is down");

            agent.runtime.markUp();

            readyNode(api, "node-c", "True");
            await().atMost(Duration.ofSeconds(10)).until(() -> api.v1().events()
                    .inNamespace("default").list().getItems().stream()
                    .filter(e -> e.getInvolvedObject().getName().equals("node-c"))
                    .map(e -> e.getReason()).toList()
                    .containsAll(java.util.List.of("Starting", "NodeReady", "NodeNotReady")));
        }
    }

    @Test
    void aKubeletAdoptsTheNodeThatExistsAlready() {
        KubernetesClient api = cluster.client();
        try (NodeAgent first = NodeAgent.start(cluster, "node-d", "10.42.6.0/24")) {
            readyNode(api, "node-d", "True");
        }
        String uid = api.nodes().withName("node-d").get().getMetadata().getUid();
        try (NodeAgent second = NodeAgent.start(cluster, "node-d", "10.42.6.0/24")) {
            readyNode(api, "node-d", "True");
            assertThat(api.nodes().withName("node-d").get().getMetadata().getUid()).isEqualTo(uid);
        }
    }

    @Test
    void podsWaitForThePodCidrWithAFailedCreatePodSandBoxEvent() {
        KubernetesClient api = cluster.client();
        try (NodeAgent agent = NodeAgent.startWithoutPodCidr(cluster, "node-e")) {
            api.pods().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.PodBuilder()
                    .withNewMetadata().withName("early").withNamespace("default").endMetadata()
                    .withNewSpec().withNodeName("node-e").addNewContainer().withName("app")
                    .withImage("busybox").endContainer().endSpec().build()).create();
            await().atMost(Duration.ofSeconds(20)).until(() -> api.v1().events()
                    .inNamespace("default").list().getItems().stream()
                    .anyMatch(e -> e.getInvolvedObject().getName().equals("early")
                            && e.getReason().equals("FailedCreatePodSandBox")
                            && e.getType().equals("Warning")
                            && e.getMessage().startsWith("Failed to create pod sandbox: ")
                            && e.getMessage().contains("no pod CIDR")));
            assertThat(api.pods().inNamespace("default").withName("early").get().getStatus()
                    .getPhase()).isEqualTo("Pending");

            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> api.nodes()
                    .withName("node-e").patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                            io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                            "{\"spec\":{\"podCIDR\":\"10.42.14.0/24\"}}") != null);

            await().atMost(Duration.ofSeconds(20)).until(() -> "Running".equals(api.pods()
                    .inNamespace("default").withName("early").get().getStatus().getPhase()));
            assertThat(api.pods().inNamespace("default").withName("early").get().getStatus()
                    .getPodIP()).startsWith("10.42.14.");
        }
    }

    @Test
    void theStatusListsPulledImagesAndIsReportedAgainAfterFiveMinutes() {
        KubernetesClient api = cluster.client();
        try (NodeAgent agent = NodeAgent.start(cluster, "node-f", "10.42.15.0/24")) {
            Node first = readyNode(api, "node-f", "True");
            String heartbeat = condition(first, "Ready").getLastHeartbeatTime();
            api.pods().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.PodBuilder()
                    .withNewMetadata().withName("imaged").withNamespace("default").endMetadata()
                    .withNewSpec().withNodeName("node-f").addNewContainer().withName("app")
                    .withImage("nginx:1.27").endContainer().endSpec().build()).create();

            await().atMost(Duration.ofSeconds(20)).until(() -> api.nodes().withName("node-f").get()
                    .getStatus().getImages().stream()
                    .anyMatch(i -> i.getNames().contains("docker.io/library/nginx:1.27")
                            && i.getSizeBytes() > 0));

            agent.clock.advance(Duration.ofMinutes(5));

            await().atMost(Duration.ofSeconds(10)).until(() -> !condition(api.nodes()
                    .withName("node-f").get(), "Ready").getLastHeartbeatTime().equals(heartbeat));
            assertThat(condition(api.nodes().withName("node-f").get(), "Ready")
                    .getLastTransitionTime()).isEqualTo(condition(first, "Ready").getLastTransitionTime());
        }
    }
}
