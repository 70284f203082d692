package io.j8s.apiserver.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.j8s.api.codec.Json;
import io.j8s.testcluster.HttpsTestServer;
import io.j8s.testcluster.TestCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * matchPolicy: a webhook whose rule names version v1 of a custom resource served at v1 and v2 is
 * called, by default (Equivalent), for a write at v2 too, and sees it as upstream sends it: kind,
 * resource and object at v1, requestKind and requestResource at v2; its patch lands on the v2
 * object. With Exact it is not called for v2.
 */
class WebhookMatchPolicyTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final List<ObjectNode> REVIEWS = new CopyOnWriteArrayList<>();
    private static HttpsTestServer server;

    @BeforeAll
    static void start() {
        server = HttpsTestServer.start(cluster.dir().resolve("webhook"), seen -> {
            ObjectNode review = seen.json();
            REVIEWS.add(review);
            String patch = "[{\"op\":\"add\",\"path\":\"/metadata/labels\","
                    + "\"value\":{\"seen-as\":\""
                    + review.path("request").path("object").path("apiVersion").asText()
                            .replace('/', '.') + "\"}}]";
            ObjectNode r = Json.MAPPER.createObjectNode()
                    .put("uid", review.path("request").path("uid").asText())
                    .put("allowed", true).put("patchType", "JSONPatch").put("patch",
                            Base64.getEncoder().encodeToString(
                                    patch.getBytes(StandardCharsets.UTF_8)));
            ObjectNode out = Json.MAPPER.createObjectNode()
                    .put("apiVersion", review.path("apiVersion").asText())
                    .put("kind", "AdmissionReview");
            out.set("response", r);
            return HttpsTestServer.Answer.json(out);
        });
        cluster.admin().apiextensions().v1().customResourceDefinitions().resource(Json.convert(
                Json.parseObject("""
                        metadata: {name: gadgets.example.com}
                        spec:
                          group: example.com
                          scope: Namespaced
                          names: {plural: gadgets, singular: gadget, kind: Gadget}
                          versions:
                          - name: v1
                            served: true
                            storage: true
                            schema:
                              openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
                          - name: v2
                            served: true
                            storage: false
                            schema:
                              openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
                        """.getBytes(StandardCharsets.UTF_8), true),
                CustomResourceDefinition.class)).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> status(create("v2", "probe-")) == 201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void clean() {
        cluster.admin().admissionRegistration().v1().mutatingWebhookConfigurations().delete();
    }

    private static void mutating(String matchPolicy) {
        cluster.admin().admissionRegistration().v1().mutatingWebhookConfigurations()
                .resource(Serialization.unmarshal("""
                        metadata: {name: gadgets}
                        webhooks:
                        - name: gadgets.example.com
                          clientConfig: {url: "%s", caBundle: %s}
                          rules:
                          - {operations: [CREATE], apiGroups: [example.com], apiVersions: [v1], resources: [gadgets]}
                          matchPolicy: %s
                          sideEffects: None
                          admissionReviewVersions: [v1]
                        """.formatted(server.url("/mutate"), server.caBundle(), matchPolicy),
                        MutatingWebhookConfiguration.class)).create();
    }

    private static HttpResponse<String> create(String version, String prefix) throws Exception {
        String name = prefix + NAMES.incrementAndGet();
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(cluster.url()
                        + "/apis/example.com/" + version + "/namespaces/default/gadgets"))
                .header("Authorization", "Bearer " + TestCluster.ADMIN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"apiVersion\":\"example.com/"
                        + version + "\",\"kind\":\"Gadget\",\"metadata\":{\"name\":\"" + name
                        + "\"},\"spec\":{\"size\":1}}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int status(HttpResponse<String> r) {
        return r.statusCode();
    }

    @Test
    void equivalentSendsAWriteAtAnotherVersionAsTheRuleNamesIt() throws Exception {
        mutating("Equivalent");
        await().atMost(Duration.ofSeconds(10)).until(() -> Json.parseObject(
                create("v2", "eq-").body().getBytes(StandardCharsets.UTF_8), false)
                .path("metadata").path("labels").has("seen-as"));
        HttpResponse<String> created = create("v2", "eq-");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode object = Json.parseObject(created.body().getBytes(StandardCharsets.UTF_8), false);
        assertThat(object.path("apiVersion").asText()).isEqualTo("example.com/v2");
        assertThat(object.path("metadata").path("labels").path("seen-as").asText())
                .isEqualTo("example.com.v1");
        JsonNode request = REVIEWS.getLast().path("request");
        assertThat(request.path("kind").path("version").asText()).isEqualTo("v1");
        assertThat(request.path("resource").path("version").asText()).isEqualTo("v1");
        assertThat(request.path("requestKind").path("version").asText()).isEqualTo("v2");
        assertThat(request.path("requestResource").path("version").asText()).isEqualTo("v2");
        assertThat(request.path("requestResource").path("resource").asText())
                .isEqualTo("gadgets");
        assertThat(request.path("object").path("apiVersion").asText())
                .isEqualTo("example.com/v1");
    }

    @Test
    void exactCallsTheWebhookOnlyForTheVersionItsRuleNames() throws Exception {
        mutating("Exact");
        await().atMost(Duration.ofSeconds(10)).until(() -> Json.parseObject(
                create("v1", "exact-").body().getBytes(StandardCharsets.UTF_8), false)
                .path("metadata").path("labels").has("seen-as"));
        int calls = REVIEWS.size();
        HttpResponse<String> created = create("v2", "exact-");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(Json.parseObject(created.body().getBytes(StandardCharsets.UTF_8), false)
                .path("metadata").path("labels").has("seen-as")).isFalse();
        assertThat(REVIEWS).hasSize(calls);
    }
}
