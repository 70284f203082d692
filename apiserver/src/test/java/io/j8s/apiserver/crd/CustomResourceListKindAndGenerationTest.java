package io.j8s.apiserver.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.j8s.api.codec.Json;
import io.j8s.apiserver.TestApiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A definition without a status subresource and with a listKind of its own: its lists carry that
 * kind, and its generation counts every change outside metadata, status included, as upstream.
 */
class CustomResourceListKindAndGenerationTest {
    @RegisterExtension
    static final TestApiServer server = TestApiServer.plain();
    static KubernetesClient client;
    static final HttpClient http = HttpClient.newHttpClient();
    static final String GIZMOS = "/apis/example.com/v1/namespaces/default/gizmos";

    @BeforeAll
    static void establish() {
        Config config = new ConfigBuilder().withMasterUrl(server.url()).withRequestTimeout(10_000)
                .build();
        client = new KubernetesClientBuilder().withConfig(config).build();
        client.apiextensions().v1().customResourceDefinitions().resource(Json.convert(
                Json.parseObject("""
                        apiVersion: apiextensions.k8s.io/v1
                        kind: CustomResourceDefinition
                        metadata: {name: gizmos.example.com}
                        spec:
                          group: example.com
                          scope: Namespaced
                          names: {plural: gizmos, kind: Gizmo, listKind: GizmoCollection}
                          versions:
                          - name: v1
                            served: true
                            storage: true
                            schema:
                              openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
                        """.getBytes(), true), CustomResourceDefinition.class)).create();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> Widgets.established(client, "gizmos.example.com"));
    }

    @AfterAll
    static void close() {
        client.close();
    }

    private static ObjectNode send(String method, String path, String body) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(new String(r.body())).isBetween(200, 201);
        return Json.parseObject(r.body(), false);
    }

    @Test
    void listsCarryTheDefinitionsListKind() throws Exception {
        send("POST", GIZMOS, "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Gizmo\","
                + "\"metadata\":{\"name\":\"listed\"},\"spec\":{\"size\":1}}");
        ObjectNode list = send("GET", GIZMOS, null);
        assertThat(list.path("kind").asText()).isEqualTo("GizmoCollection");
        assertThat(list.path("apiVersion").asText()).isEqualTo("example.com/v1");
        assertThat(list.path("items")).anySatisfy(i ->
                assertThat(i.path("metadata").path("name").asText()).isEqualTo("listed"));
        ObjectNode all = send("GET", "/apis/example.com/v1/gizmos", null);
        assertThat(all.path("kind").asText()).isEqualTo("GizmoCollection");
    }

    @Test
    void withoutAStatusSubresourceAStatusChangeBumpsTheGenerationAndAMetadataChangeDoesNot()
            throws Exception {
        ObjectNode g = send("POST", GIZMOS, "{\"apiVersion\":\"example.com/v1\",\"kind\":"
                + "\"Gizmo\",\"metadata\":{\"name\":\"counted\"},\"spec\":{\"size\":1}}");
        assertThat(generation(g)).isEqualTo(1);
        ((ObjectNode) g).putObject("status").put("seen", true);
        g = send("PUT", GIZMOS + "/counted", Json.MAPPER.writeValueAsString(g));
        assertThat(g.path("status").path("seen").asBoolean()).isTrue();
        assertThat(generation(g)).isEqualTo(2);
        ((ObjectNode) g.path("metadata")).putObject("labels").put("tier", "gold");
        g = send("PUT", GIZMOS + "/counted", Json.MAPPER.writeValueAsString(g));
        assertThat(generation(g)).isEqualTo(2);
        ((ObjectNode) g.path("spec")).put("size", 2);
        g = send("PUT", GIZMOS + "/counted", Json.MAPPER.writeValueAsString(g));
        assertThat(generation(g)).isEqualTo(3);
    }

    private static long generation(JsonNode o) {
        return o.path("metadata").path("generation").asLong();
    }
}
