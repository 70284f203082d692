package io.j8s.controllers.podautoscaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.componentbase.events.EventRecorder;
import io.j8s.componentbase.informers.SharedInformers;
import io.j8s.controllers.ControllerContext;
import io.j8s.testcluster.TestCluster;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The HPA controller's sync against a real API server: a target outside the bounds is scaled
 * into them through its scale subresource; inside them, without a metrics API, the HPA says
 * it cannot compute a replica count.
 */
class HorizontalPodAutoscalerControllerTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();
    static KubernetesClient cm;
    static SharedInformers informers;
    static HorizontalPodAutoscalerController controller;

    @BeforeAll
    static void build() {
        cm = cluster.client(TestCluster.CONTROLLER_MANAGER);
        informers = new SharedInformers(cm);
        controller = new HorizontalPodAutoscalerController(new ControllerContext(cm, informers,
                Clock.systemUTC(), c -> EventRecorder.start(cm, c, null, Clock.systemUTC())));
        informers.start(Duration.ofSeconds(30));
    }

    @AfterAll
    static void close() {
        controller.close();
        informers.close();
        cm.close();
    }

    private static void deployment(String name, int replicas) {
        cluster.admin().apps().deployments().inNamespace("default").resource(
                new DeploymentBuilder().withNewMetadata().withName(name).endMetadata()
                        .withNewSpec().withReplicas(replicas).withNewSelector()
                        .withMatchLabels(Map.of("app", name)).endSelector().withNewTemplate()
                        .withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
                        .withNewSpec().addNewContainer().withName("c").withImage("pause")
                        .endContainer().endSpec().endTemplate().endSpec().build()).create();
    }

    private static void hpa(String name, int min, int max) {
        cluster.admin().resources(HorizontalPodAutoscaler.class).inNamespace("default")
                .resource(new HorizontalPodAutoscalerBuilder().withNewMetadata().withName(name)
                        .endMetadata().withNewSpec().withMinReplicas(min).withMaxReplicas(max)
                        .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment")
                        .withName(name).endScaleTargetRef().endSpec().build()).create();
        await().until(() -> informers.get(HorizontalPodAutoscaler.class, "default", name) != null);
    }

    private static HorizontalPodAutoscaler syncAndGet(String name) {
        controller.sync("default/" + name);
        HorizontalPodAutoscaler live = cluster.admin().resources(HorizontalPodAutoscaler.class)
                .inNamespace("default").withName(name).get();
        await().until(() -> informers.get(HorizontalPodAutoscaler.class, "default", name)
                .getMetadata().getResourceVersion()
                .equals(live.getMetadata().getResourceVersion()));
        return live;
    }

    private static HorizontalPodAutoscalerCondition condition(HorizontalPodAutoscaler h,
            String type) {
        return h.getStatus().getConditions().stream().filter(c -> c.getType().equals(type))
                .findFirst().orElseThrow();
    }

    private static int replicas(String name) {
        Deployment d = cluster.admin().apps().deployments().inNamespace("default").withName(name)
                .get();
        return d.getSpec().getReplicas();
    }

    @Test
    void aTargetBelowMinReplicasIsScaledUpThenMetricsAreMissing() {
        deployment("web", 1);
        hpa("web", 2, 5);
        HorizontalPodAutoscaler h = syncAndGet("web");
        assertThat(replicas("web")).isEqualTo(2);
        assertThat(h.getStatus().getDesiredReplicas()).isEqualTo(2);
        assertThat(condition(h, "AbleToScale").getReason()).isEqualTo("SucceededRescale");
        assertThat(condition(h, "ScalingLimited").getReason()).isEqualTo("TooFewReplicas");

        h = syncAndGet("web");
        HorizontalPodAutoscalerCondition active = condition(h, "ScalingActive");
        assertThat(active.getStatus()).isEqualTo("False");
        assertThat(active.getReason()).isEqualTo("FailedGetResourceMetric");
        assertThat(active.getMessage()).startsWith("the HPA was unable to compute the replica"
                + " count: unable to get metrics for resource cpu:");
        assertThat(condition(h, "AbleToScale").getStatus()).isEqualTo("True");
        assertThat(replicas("web")).isEqualTo(2);
    }

    @Test
    void aTargetAboveMaxReplicasIsScaledDown() {
        deployment("api", 9);
        hpa("api", 1, 4);
        HorizontalPodAutoscaler h = syncAndGet("api");
        assertThat(replicas("api")).isEqualTo(4);
        assertThat(condition(h, "ScalingLimited").getReason()).isEqualTo("TooManyReplicas");
        assertThat(h.getStatus().getLastScaleTime()).isNotNull();
    }

    @Test
    void aMissingTargetIsReported() {
        hpa("nothing", 1, 3);
        HorizontalPodAutoscaler h = syncAndGet("nothing");
        assertThat(condition(h, "AbleToScale").getStatus()).isEqualTo("False");
        assertThat(condition(h, "AbleToScale").getReason()).isEqualTo("FailedGetScale");
    }
}
