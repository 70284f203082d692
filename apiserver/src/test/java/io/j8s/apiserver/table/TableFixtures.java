package io.j8s.apiserver.table;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.j8s.api.catalogue.ResourceCatalogue;
import io.j8s.api.catalogue.ResourceType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Objects with fixed timestamps and the fixed clock the table tests read them against. */
final class TableFixtures {
    private TableFixtures() {}

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final ResourceCatalogue CATALOGUE = ResourceCatalogue.builtIn();

    static ResourceType type(String group, String version, String plural) {
        return CATALOGUE.find(group, version, plural).orElseThrow();
    }

    /** A running web pod that restarted twice, and a finished migration pod. */
    static List<Pod> pods() {
        Pod web = new PodBuilder()
                .withNewMetadata().withName("web-7d4b9c6f5-x2x7q").withNamespace("default")
                .withUid("0b7f3c1e-1111-4c2a-9a43-5a1d6e2f0a01").withResourceVersion("1201")
                .withCreationTimestamp("2025-06-01T11:00:00Z").withLabels(Map.of("app", "web"))
                .endMetadata()
                .withNewSpec().withNodeName("node-1")
                .addNewContainer().withName("nginx").withImage("nginx:1.27").endContainer()
                .endSpec()
                .withNewStatus().withPhase("Running").withPodIP("10.42.0.5")
                .addNewPodIP().withIp("10.42.0.5").endPodIP()
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addNewContainerStatus().withName("nginx").withReady(true).withRestartCount(2)
                .withNewState().withNewRunning().withStartedAt("2025-06-01T11:50:01Z").endRunning().endState()
                .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error")
                .withFinishedAt("2025-06-01T11:50:00Z").endTerminated().endLastState()
                .endContainerStatus()
                .endStatus().build();
        Pod migrate = new PodBuilder()
                .withNewMetadata().withName("migrate-5kq9z").withNamespace("default")
                .withUid("0b7f3c1e-2222-4c2a-9a43-5a1d6e2f0a02").withResourceVersion("1187")
                .withCreationTimestamp("2025-05-29T12:00:00Z").endMetadata()
                .withNewSpec().withNodeName("node-2").withRestartPolicy("Never")
                .addNewContainer().withName("migrate").withImage("busybox:1.36").endContainer()
                .addNewReadinessGate().withConditionType("example.com/ready").endReadinessGate()
                .endSpec()
                .withNewStatus().withPhase("Succeeded")
                .addNewContainerStatus().withName("migrate").withReady(false).withRestartCount(0)
                .withNewState().withNewTerminated().withExitCode(0).withReason("Completed")
                .withFinishedAt("2025-05-29T12:01:00Z").endTerminated().endState()
                .endContainerStatus()
                .endStatus().build();
        return List.of(web, migrate);
    }

    static Deployment deployment() {
        return new DeploymentBuilder()
                .withNewMetadata().withName("web").withNamespace("default")
                .withUid("0b7f3c1e-3333-4c2a-9a43-5a1d6e2f0a03").withResourceVersion("1190")
                .withGeneration(2L).withCreationTimestamp("2025-05-31T12:00:00Z").endMetadata()
                .withNewSpec().withReplicas(3)
                .withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec()
                .addNewContainer().withName("nginx").withImage("nginx:1.27").endContainer()
                .addNewContainer().withName("log").withImage("busybox:1.36").endContainer()
                .endSpec().endTemplate()
                .endSpec()
                .withNewStatus().withReplicas(3).withReadyReplicas(2).withUpdatedReplicas(3)
                .withAvailableReplicas(2).withObservedGeneration(2L).endStatus()
                .build();
    }

    /** The API's own service, a load balancer still waiting for its address, a headless one. */
    static List<Service> services() {
        Service kubernetes = new ServiceBuilder()
                .withNewMetadata().withName("kubernetes").withNamespace("default")
                .withCreationTimestamp("2025-05-01T12:00:00Z").withResourceVersion("12").endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP("10.43.0.1")
                .withClusterIPs("10.43.0.1")
                .addNewPort().withName("https").withPort(443).withProtocol("TCP")
                .withTargetPort(new IntOrString(6443)).endPort()
                .endSpec().build();
        Service lb = new ServiceBuilder()
                .withNewMetadata().withName("web").withNamespace("default")
                .withCreationTimestamp("2025-06-01T11:59:15Z").withResourceVersion("1205").endMetadata()
                .withNewSpec().withType("LoadBalancer").withClusterIP("10.43.12.7")
                .withClusterIPs("10.43.12.7").withSelector(Map.of("app", "web", "tier", "front"))
                .addNewPort().withPort(80).withNodePort(30080).withProtocol("TCP").endPort()
                .addNewPort().withPort(443).withNodePort(30443).withProtocol("TCP").endPort()
                .endSpec().build();
        Service headless = new ServiceBuilder()
                .withNewMetadata().withName("db").withNamespace("default")
                .withCreationTimestamp("2025-06-01T09:30:00Z").withResourceVersion("900").endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP("None").withClusterIPs("None")
                .withSelector(Map.of("app", "db"))
                .addNewPort().withPort(5432).withProtocol("TCP").endPort()
                .endSpec().build();
        return List.of(kubernetes, lb, headless);
    }
}
