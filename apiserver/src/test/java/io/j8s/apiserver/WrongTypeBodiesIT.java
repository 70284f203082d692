package io.j8s.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A body whose field has the wrong JSON type is refused as upstream's decoder refuses it, before
 * any strategy sees it: 400 BadRequest "Kind in version \"v1\" cannot be handled as a Kind: json:
 * cannot unmarshal ..." for a create or an update, 422 Invalid on {@code patch} for a patch whose
 * result does not decode; never a 5xx, and the stored object is left as it was.
 */
class WrongTypeBodiesIT {
    @RegisterExtension
    static final TestApiServer server = TestApiServer.plain();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static final String POD_SPEC = "{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}";

    /** A kind's collection, a valid object of it, and wrong fragments with what names them. */
    private record Kind(String collection, String valid, Map<String, String> wrong) {}

    private static final List<Kind> KINDS = List.of(
            new Kind("/api/v1/namespaces", "{\"metadata\":{\"name\":\"NAME\"}}", Map.of(
                    "{\"spec\":\"x\"}",
                    "Go struct field Namespace.spec of type v1.NamespaceSpec",
                    "{\"spec\":{\"finalizers\":\"kubernetes\"}}",
                    "Go struct field NamespaceSpec.spec.finalizers of type []string")),
            new Kind("/api/v1/namespaces/default/pods",
                    "{\"metadata\":{\"name\":\"NAME\"},\"spec\":" + POD_SPEC + "}", Map.of(
                    "{\"spec\":{\"containers\":{}}}",
                    "cannot unmarshal object into Go struct field PodSpec.spec.containers of type"
                            + " []v1.Container",
                    "{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":5}]}}",
                    "cannot unmarshal number into Go struct field Container.spec.containers.image"
                            + " of type string",
                    "{\"spec\":{\"terminationGracePeriodSeconds\":1.5}}",
                    "cannot unmarshal number 1.5 into Go struct field"
                            + " PodSpec.spec.terminationGracePeriodSeconds of type int64")),
            new Kind("/apis/apps/v1/namespaces/default/deployments",
                    "{\"metadata\":{\"name\":\"NAME\"},\"spec\":{\"selector\":{\"matchLabels\":"
                            + "{\"a\":\"b\"}},\"template\":{\"metadata\":{\"labels\":{\"a\":\"b\"}},"
                            + "\"spec\":" + POD_SPEC + "}}}", Map.of(
                    "{\"spec\":{\"replicas\":\"three\"}}",
                    "cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of"
                            + " type int32",
                    "{\"spec\":{\"paused\":\"yes\"}}",
                    "Go struct field DeploymentSpec.spec.paused of type bool")),
            new Kind("/api/v1/namespaces/default/services",
                    "{\"metadata\":{\"name\":\"NAME\"},\"spec\":{\"ports\":[{\"port\":80}]}}", Map.of(
                    "{\"spec\":{\"ports\":[{\"port\":\"eighty\"}]}}",
                    "Go struct field ServicePort.spec.ports.port of type int32",
                    "{\"spec\":[]}",
                    "cannot unmarshal array into Go struct field Service.spec of type"
                            + " v1.ServiceSpec")),
            new Kind("/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"NAME\"}}",
                    Map.of(
                    "{\"data\":[]}",
                    "cannot unmarshal array into Go struct field ConfigMap.data of type"
                            + " map[string]string",
                    "{\"data\":{\"k\":1}}",
                    "Go struct field ConfigMap.data of type string",
                    "{\"metadata\":{\"labels\":[]}}",
                    "cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type"
                            + " map[string]string")),
            new Kind("/api/v1/nodes", "{\"metadata\":{\"name\":\"NAME\"}}", Map.of(
                    "{\"spec\":{\"unschedulable\":\"yes\"}}",
                    "cannot unmarshal string into Go struct field NodeSpec.spec.unschedulable of"
                            + " type bool",
                    "{\"spec\":{\"taints\":[\"k\"]}}",
                    "cannot unmarshal string into Go struct field NodeSpec.spec.taints of type"
                            + " v1.Taint",
                    "{\"metadata\":\"x\"}",
                    "cannot unmarshal string into Go struct field Node.metadata of type"
                            + " v1.ObjectMeta")));

    @Test
    void wrongTypesAreBadRequestsOnEveryVerbAndLeaveTheObjectAlone() throws Exception {
        List<String> failures = new ArrayList<>();
        int n = 0;
        for (Kind kind : KINDS) {
            String kindName = kind.collection().substring(kind.collection().lastIndexOf('/') + 1);
            String name = "live-" + kindName;
            JsonNode live = expect(201, "POST", kind.collection(), "application/json",
                    kind.valid().replace("NAME", name));
            String url = kind.collection() + "/" + name;
            for (Map.Entry<String, String> wrong : kind.wrong().entrySet()) {
                ObjectNode fragment = (ObjectNode) Json.tree(bytes(wrong.getKey()));
                String created = merge(Json.tree(bytes(kind.valid().replace("NAME",
                        "bad-" + kindName + "-" + n++))), fragment).toString();
                String replaced = merge(live.deepCopy(), fragment).toString();
                check(failures, "POST", kind.collection(), "application/json", created, 400,
                        wrong.getValue());
                check(failures, "PUT", url, "application/json", replaced, 400,
                        wrong.getValue());
                check(failures, "PATCH", url, "application/merge-patch+json", wrong.getKey(),
                        422, wrong.getValue());
                check(failures, "PATCH", url, "application/strategic-merge-patch+json",
                        wrong.getKey(), 422, wrong.getValue());
            }
            JsonNode after = expect(200, "GET", url, null, null);
            assertThat(after.path("metadata").path("resourceVersion"))
                    .as("%s after the refused writes", url)
                    .isEqualTo(live.path("metadata").path("resourceVersion"));
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void applyStatusPatchesAndYamlBodiesAreCheckedToo() throws Exception {
        List<String> failures = new ArrayList<>();
        String cm = "/api/v1/namespaces/default/configmaps";
        check(failures, "PATCH", cm + "/applied?fieldManager=test",
                "application/apply-patch+yaml",
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":"
                        + "\"applied\"},\"data\":[]}", 422,
                "Go struct field ConfigMap.data of type map[string]string");
        assertThat(send("PATCH", cm + "/applied?fieldManager=test", "application/apply-patch+yaml",
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":"
                        + "\"applied\"},\"data\":{\"a\":\"b\"}}").statusCode()).isLessThan(300);
        check(failures, "PATCH", cm + "/applied?fieldManager=test",
                "application/apply-patch+yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n  labels: [a]\n",
                422, "Go struct field ObjectMeta.metadata.labels of type map[string]string");
        check(failures, "POST", cm, "application/yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\ndata:\n  k: [1]\n",
                400, "cannot unmarshal array into Go struct field ConfigMap.data of type string");
        expect(201, "POST", "/api/v1/nodes", "application/json",
                "{\"metadata\":{\"name\":\"status-node\"}}");
        check(failures, "PATCH", "/api/v1/nodes/status-node/status",
                "application/merge-patch+json", "{\"status\":{\"capacity\":[]}}", 422,
                "Go struct field NodeStatus.status.capacity of type map[string]");
        check(failures, "PATCH", "/api/v1/nodes/status-node/status",
                "application/strategic-merge-patch+json",
                "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":true}]}}", 422,
                "Go struct field NodeCondition.status.conditions.status of type string");
        check(failures, "PUT", "/api/v1/nodes/status-node/status", "application/json",
                "{\"metadata\":{\"name\":\"status-node\"},\"status\":{\"capacity\":"
                        + "{\"cpu\":{}}}}", 400, "quantities must match the regular expression");
        expect(201, "POST", "/api/v1/namespaces/default/pods", "application/json",
                "{\"metadata\":{\"name\":\"smp\"},\"spec\":" + POD_SPEC + "}");
        check(failures, "PATCH", "/api/v1/namespaces/default/pods/smp",
                "application/strategic-merge-patch+json",
                "{\"spec\":{\"containers\":[{\"name\":\"c\",\"ports\":\"x\"}]}}", 422,
                "Go struct field Container.spec.containers.ports of type []v1.ContainerPort");
        assertThat(failures).isEmpty();
    }

    @Test
    void scaleBindingEvictionAndReviewBodiesAreCheckedToo() throws Exception {
        String deployments = "/apis/apps/v1/namespaces/default/deployments";
        expect(201, "POST", deployments, "application/json", KINDS.get(2).valid()
                .replace("NAME", "scaled"));
        expect(201, "POST", "/api/v1/namespaces/default/pods", "application/json",
                "{\"metadata\":{\"name\":\"bound\"},\"spec\":" + POD_SPEC + "}");
        List<String> failures = new ArrayList<>();
        check(failures, "PUT", deployments + "/scaled/scale", "application/json",
                "{\"apiVersion\":\"autoscaling/v1\",\"kind\":\"Scale\",\"metadata\":"
                        + "{\"name\":\"scaled\"},\"spec\":{\"replicas\":\"three\"}}", 400,
                "Scale in version \"v1\" cannot be handled as a Scale: json: cannot unmarshal"
                        + " string into Go struct field ScaleSpec.spec.replicas of type int32");
        check(failures, "PATCH", deployments + "/scaled/scale", "application/merge-patch+json",
                "{\"spec\":{\"replicas\":\"three\"}}", 422,
                "Go struct field ScaleSpec.spec.replicas of type int32");
        check(failures, "POST", "/api/v1/namespaces/default/pods/bound/binding",
                "application/json", "{\"metadata\":{\"name\":\"bound\"},\"target\":\"n\"}",
                400, "cannot unmarshal string into Go struct field Binding.target of type"
                        + " v1.ObjectReference");
        check(failures, "POST", "/api/v1/namespaces/default/pods/bound/eviction",
                "application/json", "{\"metadata\":{\"name\":\"bound\"},\"deleteOptions\":"
                        + "{\"gracePeriodSeconds\":\"x\"}}", 400,
                "Go struct field DeleteOptions.deleteOptions.gracePeriodSeconds of type int64");
        check(failures, "POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews",
                "application/json", "{\"spec\":\"x\"}", 400,
                "cannot unmarshal string into Go struct field SubjectAccessReview.spec of type"
                        + " v1.SubjectAccessReviewSpec");
        check(failures, "POST", "/apis/authentication.k8s.io/v1/tokenreviews",
                "application/json", "{\"spec\":{\"token\":5}}", 400,
                "cannot unmarshal number into Go struct field TokenReviewSpec.spec.token of type"
                        + " string");
        assertThat(failures).isEmpty();
    }

    @Test
    void aJsonPatchThatMakesSpecAStringIsInvalid() throws Exception {
        expect(201, "POST", "/api/v1/namespaces", "application/json",
                "{\"metadata\":{\"name\":\"json-patched\"}}");
        JsonNode status = expect(422, "PATCH", "/api/v1/namespaces/json-patched",
                "application/json-patch+json",
                "[{\"op\":\"replace\",\"path\":\"/spec\",\"value\":\"x\"}]");
        assertThat(status.path("reason").asText()).isEqualTo("Invalid");
        assertThat(status.path("details").path("causes").get(0).path("field").asText())
                .isEqualTo("patch");
        assertThat(status.path("message").asText()).contains("json: cannot unmarshal string into"
                + " Go struct field Namespace.spec of type v1.NamespaceSpec");
    }

    @Test
    void aCreateNamesTheKindAndVersionItCouldNotDecode() throws Exception {
        JsonNode status = expect(400, "POST", "/api/v1/namespaces", "application/json",
                "{\"metadata\":{\"name\":\"spec-string\"},\"spec\":\"x\"}");
        assertThat(status.path("kind").asText()).isEqualTo("Status");
        assertThat(status.path("reason").asText()).isEqualTo("BadRequest");
        assertThat(status.path("message").asText()).isEqualTo("Namespace in version \"v1\""
                + " cannot be handled as a Namespace: json: cannot unmarshal string into Go struct"
                + " field Namespace.spec of type v1.NamespaceSpec");
        JsonNode deployment = expect(400, "POST", "/apis/apps/v1/namespaces/default/deployments",
                "application/json", "{\"metadata\":{\"name\":\"d\"},\"spec\":{\"replicas\":\"three\"}}");
        assertThat(deployment.path("message").asText()).isEqualTo("Deployment in version \"v1\""
                + " cannot be handled as a Deployment: json: cannot unmarshal string into Go"
                + " struct field DeploymentSpec.spec.replicas of type int32");
    }

    private static void check(List<String> failures, String method, String path, String type,
            String body, int code, String names) throws Exception {
        HttpResponse<String> r = send(method, path, type, body);
        JsonNode status = r.body().startsWith("{") ? Json.tree(bytes(r.body())) : null;
        if (r.statusCode() != code || status == null
                || !status.path("kind").asText().equals("Status")
                || !status.path("message").asText().contains(names)) {
            failures.add(method + " " + path + " [" + type + "] " + body + " -> "
                    + r.statusCode() + " " + r.body());
        }
    }

    private static ObjectNode merge(JsonNode target, ObjectNode fragment) {
        ObjectNode out = (ObjectNode) target;
        fragment.properties().forEach(e -> {
            JsonNode into = out.get(e.getKey());
            if (into instanceof ObjectNode o && e.getValue() instanceof ObjectNode f) {
                merge(o, f);
            } else {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    private static JsonNode expect(int code, String method, String path, String type,
            String body) throws Exception {
        HttpResponse<String> r = send(method, path, type, body);
        assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(code);
        return Json.tree(bytes(r.body()));
    }

    private static HttpResponse<String> send(String method, String path, String type,
            String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path))
                .timeout(Duration.ofSeconds(30));
        if (type != null) {
            b.header("Content-Type", type);
        }
        return HTTP.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
