package io.j8s.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.kubelet.pods.NodePods;
import io.j8s.kubelet.runtime.ContainerConfig;
import io.j8s.kubelet.runtime.PodSandboxConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How the pod spec reaches the runtime: sandbox host name, DNS and cgroup parent, the pod's own
 * /etc/hosts, cgroup values, merged securityContext, log files; and what NodePods answers.
 */
class PodSpecTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();
    private static NodeAgent node;
    private static KubernetesClient api;

    @BeforeAll
    static void startNode() {
        node = NodeAgent.start(cluster, "spec-node", "10.42.12.0/24");
        api = cluster.client();
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    private static Pod running(Pod pod) {
        api.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> "Running".equals(api.pods()
                .inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .get().getStatus().getPhase()));
        return api.pods().inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName()).get();
    }

    @Test
    void theSandboxAndContainerGetWhatTheSpecSays() throws Exception {
        Pod pod = running(new PodBuilder().withNewMetadata().withName("full").withNamespace("default")
                .endMetadata().withNewSpec().withNodeName("spec-node")
                .withHostname("box").withSubdomain("group")
                .addNewHostAlias().withIp("192.0.2.99").withHostnames("db", "db.local").endHostAlias()
                .withNewDnsConfig().withNameservers("192.0.2.53").withSearches("example.org")
                .addNewOption().withName("ndots").withValue("2").endOption().endDnsConfig()
                .withNewSecurityContext().withRunAsUser(1000L).withRunAsGroup(3000L)
                .withSupplementalGroups(4000L).withFsGroup(2000L).endSecurityContext()
                .addNewContainer().withName("app").withImage("busybox").withWorkingDir("/work")
                .withCommand("sh", "-c").withArgs("echo $(POD_NAME)")
                .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.name").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("MEM").withNewValueFrom().withNewResourceFieldRef()
                .withResource("limits.memory").withDivisor(new Quantity("1Mi"))
                .endResourceFieldRef().endValueFrom().endEnv()
                .withNewSecurityContext().withRunAsUser(1001L).withReadOnlyRootFilesystem(true)
                .withAllowPrivilegeEscalation(false).withNewCapabilities().withAdd("NET_ADMIN")
                .withDrop("ALL").endCapabilities().endSecurityContext()
                .withNewResources().addToLimits("cpu", new Quantity("500m"))
                .addToLimits("memory", new Quantity("64Mi")).endResources()
                .addNewVolumeMount().withName("scratch").withMountPath("/scratch").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().build());
        String uid = pod.getMetadata().getUid();
        assertThat(pod.getStatus().getQosClass()).isEqualTo("Guaranteed");

        NodePods pods = node.kubelet.pods();
        String sandboxId = pods.sandboxId("default", "full").orElseThrow();
        PodSandboxConfig sandbox = node.runtime.podSandboxConfig(sandboxId);
        assertThat(sandbox.hostname()).isEqualTo("box");
        assertThat(sandbox.cgroupParent()).isEqualTo("/kubepods/pod" + uid);
        assertThat(sandbox.dns().servers()).containsExactly("10.43.0.10", "192.0.2.53");
        assertThat(sandbox.dns().searches()).startsWith("default.svc.cluster.local",
                "svc.cluster.local", "cluster.local").endsWith("example.org");
        assertThat(sandbox.dns().options()).containsExactly("ndots:2");
        assertThat(sandbox.logDirectory()).isEqualTo(cluster.dir().resolve(
                "spec-node/agent/pods/default_full_" + uid));

        ContainerConfig app = node.runtime.containerConfig(
                pods.containerId("default", "full", "app", false).orElseThrow());
        assertThat(app.command()).containsExactly("sh", "-c");
        assertThat(app.args()).containsExactly("echo full");
        assertThat(app.workingDir()).isEqualTo("/work");
        assertThat(app.env()).containsEntry("MEM", "64");
        assertThat(app.resources()).isEqualTo(new ContainerConfig.Resources(512, 50_000, 100_000,
                64L * 1024 * 1024));
        assertThat(app.security()).isEqualTo(new ContainerConfig.Security(1001L, 3000L,
                List.of(4000L, 2000L), true, false, List.of("NET_ADMIN"), List.of("ALL"), true));
        assertThat(app.logPath()).isEqualTo("app/0.log");
        assertThat(app.labels()).containsEntry("io.kubernetes.pod.uid", uid)
                .containsEntry("io.kubernetes.container.name", "app");

        Path hosts = cluster.dir().resolve("spec-node/agent/kubelet/pods/" + uid + "/etc-hosts");
        assertThat(app.mounts()).contains(new ContainerConfig.Mount("/etc/hosts", hosts.toString(),
                false));
        assertThat(app.mounts()).anyMatch(m -> m.containerPath().equals("/scratch")
                && m.hostPath().endsWith("volumes/kubernetes.io~empty-dir/scratch"));
        String etcHosts = Files.readString(hosts);
        assertThat(etcHosts).startsWith("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n")
                .contains(pod.getStatus().getPodIP() + "\tbox.group.default.svc.cluster.local\tbox\n")
                .contains("192.0.2.99\tdb\tdb.local\n");

        Path log = pods.logFile("default", "full", "app", false).orElseThrow();
        assertThat(log).isEqualTo(sandbox.logDirectory().resolve("app/0.log"));
        assertThat(Files.readString(log)).endsWith(" stdout F sim: started app\n");
        assertThat(pods.pod("default", "full")).isPresent();
        assertThat(pods.pods()).extracting(p -> p.getMetadata().getName()).contains("full");
        assertThat(pods.containerId("default", "full", "app", true)).isEmpty();
        assertThat(pods.pod("default", "absent")).isEmpty();
    }

    @Test
    void aBurstablePodAndABestEffortPodGetTheirCgroupParents() {
        Pod burstable = running(new PodBuilder().withNewMetadata().withName("burst")
                .withNamespace("default").endMetadata().withNewSpec().withNodeName("spec-node")
                .addNewContainer().withName("app").withImage("busybox").withNewResources()
                .addToRequests("cpu", new Quantity("100m")).endResources().endContainer()
                .endSpec().build());
        Pod bestEffort = running(new PodBuilder().withNewMetadata().withName("besteffort")
                .withNamespace("default").endMetadata().withNewSpec().withNodeName("spec-node")
                .addNewContainer().withName("app").withImage("busybox").endContainer()
                .endSpec().build());
        NodePods pods = node.kubelet.pods();

        assertThat(node.runtime.podSandboxConfig(pods.sandboxId("default", "burst").orElseThrow())
                .cgroupParent()).isEqualTo("/kubepods/burstable/pod" + burstable.getMetadata().getUid());
        assertThat(node.runtime.containerConfig(pods.containerId("default", "burst", "app", false)
                .orElseThrow()).resources()).isEqualTo(new ContainerConfig.Resources(102, 0,
                100_000, 0));
        assertThat(node.runtime.podSandboxConfig(pods.sandboxId("default", "besteffort")
                .orElseThrow()).cgroupParent())
                .isEqualTo("/kubepods/besteffort/pod" + bestEffort.getMetadata().getUid());
        assertThat(Map.of("q", burstable.getStatus().getQosClass()))
                .containsEntry("q", "Burstable");
    }

    @Test
    void containersGetTheServiceVariablesOfTheirNamespaceUnlessServiceLinksAreOff() {
        api.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata().withName("links").endMetadata().build()).create();
        api.services().inNamespace("links").resource(new io.fabric8.kubernetes.api.model.ServiceBuilder()
                .withNewMetadata().withName("db-main").endMetadata().withNewSpec()
                .addNewPort().withName("sql").withPort(5432).endPort().endSpec().build()).create();
        String ip = api.services().inNamespace("links").withName("db-main").get().getSpec()
                .getClusterIP();
        running(new PodBuilder().withNewMetadata().withName("linked").withNamespace("links")
                .endMetadata().withNewSpec().withNodeName("spec-node").addNewContainer()
                .withName("app").withImage("busybox").endContainer().endSpec().build());
        running(new PodBuilder().withNewMetadata().withName("unlinked").withNamespace("links")
                .endMetadata().withNewSpec().withNodeName("spec-node").withEnableServiceLinks(false)
                .addNewContainer().withName("app").withImage("busybox").endContainer().endSpec()
                .build());
        NodePods pods = node.kubelet.pods();

        Map<String, String> linked = node.runtime.containerConfig(pods.containerId("links",
                "linked", "app", false).orElseThrow()).env();
        assertThat(linked).containsEntry("DB_MAIN_SERVICE_HOST", ip)
                .containsEntry("DB_MAIN_SERVICE_PORT", "5432")
                .containsEntry("DB_MAIN_SERVICE_PORT_SQL", "5432")
                .containsEntry("DB_MAIN_PORT_5432_TCP", "tcp://" + ip + ":5432")
                .containsKey("KUBERNETES_SERVICE_HOST");
        Map<String, String> unlinked = node.runtime.containerConfig(pods.containerId("links",
                "unlinked", "app", false).orElseThrow()).env();
        assertThat(unlinked).doesNotContainKey("DB_MAIN_SERVICE_HOST")
                .containsKey("KUBERNETES_SERVICE_HOST");
    }
}
