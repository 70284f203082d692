package io.j8s.e2e;

import static io.j8s.testkit.Kubectl.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.testkit.Kubectl;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Kinds a user meets at once, over the real path with the real kubectl: objects read back with
 * the empty structs upstream writes, a StatefulSet mounting its claim template, {@code kubectl
 * debug} adding an ephemeral container, and one HPA served at autoscaling/v1 and v2.
 */
class KindsE2E {
    private static final String NS = "kinds";
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    // The HPA controller would write the status these tests read as the API server defaults it.
    static final RunningServer server = RunningServer.perClass("--controllers",
            "*,-horizontalpodautoscaling");
    private static Kubectl k;

    @BeforeAll
    static void start() throws Exception {
        k = server.kubectl("1.33");
        ok(k.run("create", "namespace", NS));
    }

    private static JsonNode raw(String path) throws Exception {
        return JSON.readTree(ok(k.run("get", "--raw", path)).out());
    }

    private static void create(String yaml) {
        ok(k.input(yaml, "-n", NS, "create", "-f", "-"));
    }

    /**
     * The server's own answer to creating {@code yaml} in {@code collection} (its controller may
     * write the status a moment later, so a GET would race it); as text, in the server's order.
     */
    private static JsonNode created(String collection, String yaml) throws Exception {
        String json = JSON.writeValueAsString(new ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(yaml));
        return JSON.readTree(ok(k.input(json, "create", "--raw", "/apis/apps/v1/namespaces/"
                + NS + "/" + collection, "-f", "-")).out());
    }

    @Test
    void aNodeCreatedWithOnlyANameHasSpecAndStatusAndTakesJsonPatchesIntoThem() throws Exception {
        ok(k.input("{\"metadata\":{\"name\":\"foo\"}}", "create", "--raw", "/api/v1/nodes",
                "-f", "-"));
        JsonNode node = raw("/api/v1/nodes/foo");
        // The server's node IPAM may have given it a pod subnet already; nothing else is set.
        ObjectNode spec = node.path("spec").deepCopy();
        spec.remove(List.of("podCIDR", "podCIDRs"));
        assertThat(spec.toString()).isEqualTo("{}");
        assertThat(node.path("status").path("daemonEndpoints").toString())
                .isEqualTo("{\"kubeletEndpoint\":{\"Port\":0}}");
        assertThat(node.path("status").path("nodeInfo").path("machineID").isTextual()).isTrue();

        ok(k.run("patch", "node", "foo", "--type=json",
                "-p", "[{\"op\":\"add\",\"path\":\"/spec/unschedulable\",\"value\":true}]"));
        ok(k.run("patch", "node", "foo", "--subresource=status", "--type=json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/status/nodeInfo/kubeletVersion\","
                        + "\"value\":\"v1.33.0\"}]"));
        assertThat(ok(k.run("get", "node", "foo", "-o",
                "jsonpath={.spec.unschedulable} {.status.nodeInfo.kubeletVersion}")).out())
                .isEqualTo("true v1.33.0");
    }

    @Test
    void workloadsWithoutStatusReadBackWithUpstreamsStatus() throws Exception {
        String template = """
                  selector:
                    matchLabels: {app: w}
                  template:
                    metadata:
                      labels: {app: w}
                    spec:
                      containers:
                      - {name: c, image: nginx}
                """;
        JsonNode deployment = created("deployments", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
                + "  name: w\nspec:\n" + template);
        JsonNode daemonSet = created("daemonsets", "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n"
                + "  name: w\nspec:\n" + template);
        assertThat(deployment.path("status").toString()).isEqualTo("{}");
        assertThat(daemonSet.path("status").toString())
                .isEqualTo("{\"currentNumberScheduled\":0,\"numberMisscheduled\":0,"
                        + "\"desiredNumberScheduled\":0,\"numberReady\":0}");
        assertThat(deployment.at("/spec/template/spec/containers/0/resources")
                .toString()).isEqualTo("{}");
    }

    @Test
    void aStatefulSetMayMountAVolumeNamedOnlyInItsClaimTemplates() throws Exception {
        JsonNode sts = created("statefulsets", """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata:
                  name: db
                spec:
                  serviceName: db
                  selector:
                    matchLabels: {app: db}
                  template:
                    metadata:
                      labels: {app: db}
                    spec:
                      containers:
                      - name: db
                        image: postgres
                        volumeMounts:
                        - {name: data, mountPath: /var/lib/postgresql/data}
                  volumeClaimTemplates:
                  - metadata:
                      name: data
                    spec:
                      accessModes: [ReadWriteOnce]
                      resources:
                        requests: {storage: 1Gi}
                """);
        assertThat(sts.path("status").toString())
                .isEqualTo("{\"replicas\":0,\"availableReplicas\":0}");
        Kubectl.Result unknown = k.input("""
                apiVersion: apps/v1
                kind: StatefulSet
                metadata:
                  name: db2
                spec:
                  serviceName: db2
                  selector:
                    matchLabels: {app: db2}
                  template:
                    metadata:
                      labels: {app: db2}
                    spec:
                      containers:
                      - name: db
                        image: postgres
                        volumeMounts:
                        - {name: nowhere, mountPath: /data}
                """, "-n", NS, "create", "-f", "-");
        assertThat(unknown.ok()).isFalse();
        assertThat(unknown.err()).contains("volumeMounts[0].name: Not found: \"nowhere\"");
    }

    @Test
    void kubectlDebugAddsAnEphemeralContainerThroughItsSubresource() throws Exception {
        create("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: app
                spec:
                  containers:
                  - {name: app, image: nginx}
                """);
        JsonNode core = raw("/api/v1");
        boolean served = false;
        for (JsonNode r : core.path("resources")) {
            if (r.path("name").asText().equals("pods/ephemeralcontainers")) {
                served = r.path("verbs").toString().equals("[\"get\",\"patch\",\"update\"]");
            }
        }
        assertThat(served).as("pods/ephemeralcontainers in discovery").isTrue();

        ok(k.run("-n", NS, "debug", "app", "--image=busybox", "--target=app", "-c", "debugger",
                "--profile=general"));
        assertThat(ok(k.run("-n", NS, "get", "pod", "app", "-o",
                "jsonpath={.spec.ephemeralContainers[0].name} "
                        + "{.spec.ephemeralContainers[0].targetContainerName} "
                        + "{.spec.ephemeralContainers[0].terminationMessagePolicy}")).out())
                .isEqualTo("debugger app File");
        JsonNode viaSubresource = raw("/api/v1/namespaces/" + NS
                + "/pods/app/ephemeralcontainers");
        assertThat(viaSubresource.path("kind").asText()).isEqualTo("Pod");

        ObjectNode pod = (ObjectNode) viaSubresource;
        pod.with("spec").withArray("ephemeralContainers").addObject().put("name", "app")
                .put("image", "busybox");
        Kubectl.Result duplicate = k.input(JSON.writeValueAsString(pod), "replace", "--raw",
                "/api/v1/namespaces/" + NS + "/pods/app/ephemeralcontainers", "-f", "-");
        assertThat(duplicate.ok()).isFalse();
        assertThat(duplicate.err()).contains(
                "spec.ephemeralContainers[1].name: Duplicate value: \"app\"");
    }

    @Test
    void oneHpaIsServedAtAutoscalingV1AndV2() throws Exception {
        create("""
                apiVersion: autoscaling/v1
                kind: HorizontalPodAutoscaler
                metadata:
                  name: one
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: w}
                  maxReplicas: 5
                  targetCPUUtilizationPercentage: 60
                """);
        String v2 = "/apis/autoscaling/v2/namespaces/" + NS + "/horizontalpodautoscalers/";
        String v1 = "/apis/autoscaling/v1/namespaces/" + NS + "/horizontalpodautoscalers/";
        JsonNode one = raw(v2 + "one");
        assertThat(one.path("spec").path("minReplicas").asInt()).isEqualTo(1);
        assertThat(one.at("/spec/metrics/0/resource/target").toString())
                .isEqualTo("{\"type\":\"Utilization\",\"averageUtilization\":60}");
        assertThat(one.path("status").toString()).isEqualTo("{\"desiredReplicas\":0}");
        JsonNode back = raw(v1 + "one");
        assertThat(back.path("spec").path("targetCPUUtilizationPercentage").asInt())
                .isEqualTo(60);
        assertThat(back.path("status").toString())
                .isEqualTo("{\"currentReplicas\":0,\"desiredReplicas\":0}");

        create("""
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata:
                  name: two
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: w}
                  maxReplicas: 4
                  metrics:
                  - type: Resource
                    resource:
                      name: cpu
                      target: {type: Utilization, averageUtilization: 75}
                """);
        JsonNode two = raw(v1 + "two");
        assertThat(two.path("apiVersion").asText()).isEqualTo("autoscaling/v1");
        assertThat(two.path("spec").path("targetCPUUtilizationPercentage").asInt())
                .isEqualTo(75);
        assertThat(two.path("metadata").has("annotations")).isFalse();
    }
}
