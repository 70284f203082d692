package io.j8s.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One stored HPA, served at autoscaling/v1 and v2 with upstream's conversion and defaults. */
class HorizontalPodAutoscalerVersionsTest {
    private static final String REF = "'scaleTargetRef':{'apiVersion':'apps/v1','kind':"
            + "'Deployment','name':'web'}";
    @TempDir
    Path dir;
    private RegistryFixture k;

    @BeforeEach
    void start() {
        k = new RegistryFixture(dir);
    }

    @AfterEach
    void stop() {
        k.close();
    }

    private ObjectNode get(String version) {
        return k.registry("autoscaling", version, "horizontalpodautoscalers").get("default", "h");
    }

    @Test
    void createdAtV1ReadsAtV2WithTheCpuMetricAndBack() {
        ObjectNode v1 = k.create("autoscaling", "v1", "horizontalpodautoscalers", "default",
                "{'metadata':{'name':'h'},'spec':{" + REF + ",'maxReplicas':5,"
                        + "'targetCPUUtilizationPercentage':60},'status':{'currentReplicas':3}}");
        assertThat(v1.path("spec").path("minReplicas").asInt()).isEqualTo(1);
        assertThat(v1.path("spec").path("targetCPUUtilizationPercentage").asInt()).isEqualTo(60);
        assertThat(v1.path("status").toString())
                .isEqualTo("{\"currentReplicas\":0,\"desiredReplicas\":0}");
        assertThat(v1.path("metadata").has("annotations")).isFalse();

        ObjectNode v2 = get("v2");
        assertThat(v2.path("apiVersion").asText()).isEqualTo("autoscaling/v2");
        assertThat(v2.path("spec").path("metrics").toString()).isEqualTo("[{\"type\":\"Resource\","
                + "\"resource\":{\"name\":\"cpu\",\"target\":{\"type\":\"Utilization\","
                + "\"averageUtilization\":60}}}]");
        assertThat(v2.path("status").toString()).isEqualTo("{\"desiredReplicas\":0}");
        assertThat(get("v1").path("spec")).isEqualTo(v1.path("spec"));
    }

    @Test
    void createdAtV2WithTwoMetricsKeepsTheOtherInV1sAnnotationAndSurvivesAV1Update() {
        k.create("autoscaling", "v2", "horizontalpodautoscalers", "default",
                "{'metadata':{'name':'h'},'spec':{" + REF + ",'maxReplicas':5,'metrics':["
                        + "{'type':'Resource','resource':{'name':'cpu','target':{'type':"
                        + "'Utilization','averageUtilization':70}}},"
                        + "{'type':'Resource','resource':{'name':'memory','target':{'type':"
                        + "'AverageValue','averageValue':'100Mi'}}}]}}");
        ObjectNode v1 = get("v1");
        assertThat(v1.path("spec").path("targetCPUUtilizationPercentage").asInt()).isEqualTo(70);
        assertThat(v1.path("metadata").path("annotations")
                .path("autoscaling.alpha.kubernetes.io/metrics").asText())
                .isEqualTo("[{\"type\":\"Resource\",\"resource\":{\"name\":\"memory\","
                        + "\"targetAverageValue\":\"100Mi\"}}]");

        v1.with("spec").put("maxReplicas", 9);
        k.registry("autoscaling", "v1", "horizontalpodautoscalers").update("default", "h", v1,
                "", WriteOptions.DEFAULT);
        ObjectNode v2 = get("v2");
        assertThat(v2.path("spec").path("maxReplicas").asInt()).isEqualTo(9);
        assertThat(v2.path("spec").path("metrics").size()).isEqualTo(2);
        assertThat(v2.path("spec").path("metrics").get(0).path("resource").path("name").asText())
                .isEqualTo("memory");
        assertThat(v2.path("metadata").has("annotations")).isFalse();
    }

    @Test
    void currentMetricsTravelInV1sAnnotationAndComeBackWhole() {
        k.create("autoscaling", "v2", "horizontalpodautoscalers", "default",
                "{'metadata':{'name':'h'},'spec':{" + REF + ",'maxReplicas':5}}");
        ObjectNode v2 = get("v2");
        v2.set("status", RegistryFixture.json("{'currentReplicas':2,'desiredReplicas':2,"
                + "'currentMetrics':[{'type':'External','external':{'metric':{'name':'queue'},"
                + "'current':{'value':'7','averageValue':'3'}}},{'type':'Object','object':{"
                + "'describedObject':{'kind':'Service','name':'s','apiVersion':'v1'},"
                + "'metric':{'name':'hits'},'current':{'value':'9'}}}]}"));
        k.registry("autoscaling", "v2", "horizontalpodautoscalers").update("default", "h", v2,
                "status", WriteOptions.DEFAULT);

        assertThat(get("v1").path("metadata").path("annotations")
                .path("autoscaling.alpha.kubernetes.io/current-metrics").asText())
                .isEqualTo("[{\"type\":\"External\",\"external\":{\"metricName\":\"queue\","
                        + "\"currentValue\":\"7\",\"currentAverageValue\":\"3\"}},"
                        + "{\"type\":\"Object\",\"object\":{\"target\":{\"kind\":\"Service\","
                        + "\"name\":\"s\",\"apiVersion\":\"v1\"},\"metricName\":\"hits\","
                        + "\"currentValue\":\"9\"}}]");
        assertThat(get("v2").path("status").path("currentMetrics"))
                .isEqualTo(v2.path("status").path("currentMetrics"));
    }

    @Test
    void aV2HpaWithoutMetricsScalesOnCpuAndItsBehaviorIsDefaulted() {
        ObjectNode v2 = k.create("autoscaling", "v2", "horizontalpodautoscalers", "default",
                "{'metadata':{'name':'h'},'spec':{" + REF + ",'maxReplicas':5,"
                        + "'behavior':{'scaleDown':{'stabilizationWindowSeconds':60}}}}");
        assertThat(v2.at("/spec/metrics/0/resource/target/averageUtilization").asInt())
                .isEqualTo(80);
        assertThat(v2.at("/spec/behavior/scaleUp/policies").size()).isEqualTo(2);
        assertThat(v2.at("/spec/behavior/scaleDown/selectPolicy").asText()).isEqualTo("Max");
        assertThat(v2.at("/spec/behavior/scaleDown/stabilizationWindowSeconds").asInt())
                .isEqualTo(60);
        assertThat(get("v1").path("metadata").path("annotations")
                .path("autoscaling.alpha.kubernetes.io/behavior").asText())
                .startsWith("{\"ScaleDown\":{\"StabilizationWindowSeconds\":60");
    }

    @Test
    void coreEventsReadAtEventsV1WithUpstreamsNames() {
        k.create("", "v1", "events", "default", "{'metadata':{'name':'e'},'involvedObject':"
                + "{'kind':'Pod','name':'p','namespace':'default'},'reason':'Started',"
                + "'message':'hello','count':2,'type':'Normal'}");
        ObjectNode e = k.registry("events.k8s.io", "v1", "events").get("default", "e");
        assertThat(e.path("note").asText()).isEqualTo("hello");
        assertThat(e.path("regarding").path("name").asText()).isEqualTo("p");
        assertThat(e.path("deprecatedCount").asInt()).isEqualTo(2);
        assertThat(e.has("message")).isFalse();
        assertThat(e.has("reportingController")).as("omitempty at events.k8s.io/v1").isFalse();
        assertThat(k.registry("", "v1", "events").get("default", "e").path("reportingComponent")
                .asText(null)).as("written empty in core v1").isEqualTo("");
    }
}
