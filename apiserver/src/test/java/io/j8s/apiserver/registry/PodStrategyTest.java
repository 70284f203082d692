package io.j8s.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.errors.StatusException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodStrategyTest {
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

    private ObjectNode pod(String spec) {
        return k.create("", "v1", "pods", "default",
                "{'metadata':{'name':'p'},'spec':" + spec + "}");
    }

    private String fails(String spec) {
        StatusException e = (StatusException) org.assertj.core.api.Assertions.catchThrowable(
                () -> pod(spec));
        assertThat(e).as("expected the pod to be refused").isNotNull();
        return e.status().getMessage();
    }

    @Test
    void aPodGetsUpstreamDefaultsAndAPendingStatus() {
        ObjectNode p = pod("{'containers':[{'name':'web','image':'nginx',"
                + "'ports':[{'containerPort':80}]},{'name':'side','image':'busybox:1.36'}],"
                + "'volumes':[{'name':'c','configMap':{'name':'x'}},{'name':'h',"
                + "'hostPath':{'path':'/tmp'}}]}");
        ObjectNode spec = (ObjectNode) p.get("spec");
        assertThat(spec.path("restartPolicy").asText()).isEqualTo("Always");
        assertThat(spec.path("dnsPolicy").asText()).isEqualTo("ClusterFirst");
        assertThat(spec.path("schedulerName").asText()).isEqualTo("default-scheduler");
        assertThat(spec.path("terminationGracePeriodSeconds").asInt()).isEqualTo(30);
        assertThat(spec.path("securityContext").isObject()).isTrue();
        assertThat(spec.path("enableServiceLinks").asBoolean()).isTrue();
        assertThat(spec.path("serviceAccountName").asText()).isEqualTo("default");
        assertThat(spec.path("priority").asInt(-1)).isZero();
        assertThat(spec.path("preemptionPolicy").asText()).isEqualTo("PreemptLowerPriority");
        var web = spec.path("containers").get(0);
        assertThat(web.path("imagePullPolicy").asText()).isEqualTo("Always");
        assertThat(spec.path("containers").get(1).path("imagePullPolicy").asText())
                .isEqualTo("IfNotPresent");
        assertThat(web.path("terminationMessagePath").asText()).isEqualTo("/dev/termination-log");
        assertThat(web.path("terminationMessagePolicy").asText()).isEqualTo("File");
        assertThat(web.path("ports").get(0).path("protocol").asText()).isEqualTo("TCP");
        assertThat(web.path("resources").isObject()).isTrue();
        assertThat(spec.path("volumes").get(0).path("configMap").path("defaultMode").asInt())
                .isEqualTo(420);
        assertThat(spec.path("volumes").get(1).path("hostPath").path("type").asText("x"))
                .isEmpty();
        assertThat(spec.path("tolerations").toString())
                .contains("node.kubernetes.io/not-ready").contains("node.kubernetes.io/unreachable")
                .contains("\"tolerationSeconds\":300");
        assertThat(p.path("status").path("phase").asText()).isEqualTo("Pending");
        assertThat(p.path("status").path("qosClass").asText()).isEqualTo("BestEffort");
    }

    @Test
    void qosClassFollowsRequestsAndLimits() {
        ObjectNode guaranteed = k.create("", "v1", "pods", "default", "{'metadata':{'name':'g'},"
                + "'spec':{'containers':[{'name':'c','image':'i','resources':{'limits':"
                + "{'cpu':'1','memory':'1Gi'}}}]}}");
        assertThat(guaranteed.path("status").path("qosClass").asText()).isEqualTo("Guaranteed");
        assertThat(guaranteed.path("spec").path("containers").get(0).path("resources")
                .path("requests").path("memory").asText()).isEqualTo("1Gi");
        ObjectNode burstable = k.create("", "v1", "pods", "default", "{'metadata':{'name':'b'},"
                + "'spec':{'containers':[{'name':'c','image':'i','resources':{'requests':"
                + "{'cpu':'100m'}}}]}}");
        assertThat(burstable.path("status").path("qosClass").asText()).isEqualTo("Burstable");
    }

    @Test
    void badPodsAreRefusedWithUpstreamMessages() {
        assertThat(fails("{'containers':[]}")).isEqualTo(
                "Pod \"p\" is invalid: spec.containers: Required value");
        assertThat(fails("{'containers':[{'name':'a','image':'i'},{'name':'a','image':'i'}]}"))
                .contains("spec.containers[1].name: Duplicate value: \"a\"");
        assertThat(fails("{'initContainers':[{'name':'a','image':'i'}],"
                + "'containers':[{'name':'a','image':'i'}]}"))
                .contains("spec.containers[0].name: Duplicate value: \"a\"");
        assertThat(fails("{'containers':[{'name':'a'}]}"))
                .contains("spec.containers[0].image: Required value");
        assertThat(fails("{'containers':[{'name':'a','image':'i','resources':{'requests':"
                + "{'cpu':'2'},'limits':{'cpu':'1'}}}]}")).contains(
                "spec.containers[0].resources.requests: Invalid value: \"2\": must be less than"
                        + " or equal to cpu limit of 1");
        assertThat(fails("{'containers':[{'name':'a','image':'i','resources':{'requests':"
                + "{'memory':'2048Mi'},'limits':{'memory':'1Gi'}}}]}")).contains(
                "spec.containers[0].resources.requests: Invalid value: \"2Gi\": must be less"
                        + " than or equal to memory limit of 1Gi");
        assertThat(fails("{'containers':[{'name':'a','image':'i','ports':[{'containerPort':"
                + "70000,'name':'http'},{'containerPort':80,'name':'http'}]}]}"))
                .contains("spec.containers[0].ports[0].containerPort: Invalid value: 70000: must"
                        + " be between 1 and 65535, inclusive")
                .contains("spec.containers[0].ports[1].name: Duplicate value: \"http\"");
        assertThat(fails("{'restartPolicy':'Sometimes','containers':[{'name':'a','image':'i'}]}"))
                .contains("spec.restartPolicy: Unsupported value: \"Sometimes\": supported"
                        + " values: \"Always\", \"OnFailure\", \"Never\"");
        assertThat(fails("{'containers':[{'name':'a','image':'i','volumeMounts':[{'name':'v',"
                + "'mountPath':'/v'}]}],'volumes':[{'name':'w','emptyDir':{}},{'name':'w',"
                + "'emptyDir':{}}]}"))
                .contains("spec.volumes[1].name: Duplicate value: \"w\"")
                .contains("spec.containers[0].volumeMounts[0].name: Not found: \"v\"");
        assertThat(fails("{'containers':[{'name':'a','image':'i','ports':[{'containerPort':80,"
                + "'hostPort':8080}]},{'name':'b','image':'i','ports':[{'containerPort':81,"
                + "'hostPort':8080}]}]}"))
                .contains("spec.containers[1].ports[0].hostPort: Duplicate value: \"TCP//8080\"");
        assertThat(fails("{'containers':[{'name':'Bad_Name','image':'i'}]}"))
                .contains("spec.containers[0].name: Invalid value: \"Bad_Name\"");
    }

    @Test
    void updatesMayChangeTheImageButNotTheRestOfTheSpec() {
        pod("{'containers':[{'name':'a','image':'nginx:1'}]}");
        Registry pods = k.registry("", "v1", "pods");
        ObjectNode changed = pods.patch("default", "p", o -> {
            ((ObjectNode) o.path("spec").path("containers").get(0)).put("image", "nginx:2");
            return o;
        }, "", WriteOptions.DEFAULT);
        assertThat(changed.path("spec").path("containers").get(0).path("image").asText())
                .isEqualTo("nginx:2");
        assertThatThrownBy(() -> pods.patch("default", "p", o -> {
            ((ObjectNode) o.path("spec")).put("nodeName", "node-1");
            return o;
        }, "", WriteOptions.DEFAULT)).isInstanceOf(StatusException.class)
                .hasMessageContaining("spec: Forbidden: pod updates may not change fields other"
                        + " than `spec.containers[*].image`");
    }

    @Test
    void bindingSetsTheNodeOnceAndOnlyOnce() {
        pod("{'containers':[{'name':'a','image':'nginx:1'}]}");
        Registry pods = k.registry("", "v1", "pods");
        ObjectNode result = PodBinding.bind(pods, "default", "p", RegistryFixture.json(
                "{'metadata':{'name':'p'},'target':{'kind':'Node','name':'node-1'}}"),
                WriteOptions.DEFAULT);
        assertThat(result.path("status").asText()).isEqualTo("Success");
        ObjectNode bound = pods.get("default", "p");
        assertThat(bound.path("spec").path("nodeName").asText()).isEqualTo("node-1");
        assertThat(bound.path("status").path("conditions").get(0).path("type").asText())
                .isEqualTo("PodScheduled");
        assertThatThrownBy(() -> PodBinding.bind(pods, "default", "p", RegistryFixture.json(
                "{'metadata':{'name':'p'},'target':{'name':'node-2'}}"), WriteOptions.DEFAULT))
                .isInstanceOf(StatusException.class).hasMessage("Operation cannot be fulfilled"
                        + " on pods/binding \"p\": pod p is already assigned to node \"node-1\"");
    }
}
