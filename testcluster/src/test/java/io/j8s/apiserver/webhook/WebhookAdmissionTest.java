package io.j8s.apiserver.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
 * Admission webhooks served by a small HTTPS server on 127.0.0.1, driven through fabric8 and raw
 * HTTP: a mutating webhook's JSON patch and warning, a validating webhook's denial, a slow or
 * down webhook per failurePolicy, matchConditions, and configurations refused as upstream does.
 */
class WebhookAdmissionTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static HttpsTestServer server;
    private static final List<ObjectNode> MUTATED = new CopyOnWriteArrayList<>();

    /** One server for both webhooks: /mutate labels the object and warns, /validate denies bad-*. */
    @BeforeAll
    static void server() {
        server = HttpsTestServer.start(cluster.dir().resolve("webhook"), seen -> {
            ObjectNode review = seen.json();
            JsonNode request = review.path("request");
            ObjectNode r = Json.MAPPER.createObjectNode().put("uid", request.path("uid").asText());
            if (seen.path().startsWith("/mutate")) {
                MUTATED.add(review);
                String patch = "[{\"op\":\"add\",\"path\":\"/metadata/labels\","
                        + "\"value\":{\"mutated\":\"yes\"}}]";
                r.put("allowed", true).put("patchType", "JSONPatch").put("patch",
                        Base64.getEncoder().encodeToString(patch.getBytes(StandardCharsets.UTF_8)));
                r.putArray("warnings").add("labelled by the test webhook");
            } else {
                r.put("allowed", !request.path("name").asText().startsWith("bad-"));
                r.putObject("status").put("code", 403)
                        .put("message", "names starting with bad- are refused");
            }
            ObjectNode out = Json.MAPPER.createObjectNode()
                    .put("apiVersion", review.path("apiVersion").asText())
                    .put("kind", "AdmissionReview");
            out.set("response", r);
            return HttpsTestServer.Answer.json(out);
        });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void clean() {
        cluster.admin().admissionRegistration().v1().mutatingWebhookConfigurations().delete();
        cluster.admin().admissionRegistration().v1().validatingWebhookConfigurations().delete();
        server.delay(Duration.ZERO);
    }

    static String hook(String name, String clientConfig, String extra) {
        return """
                metadata: {name: %s}
                webhooks:
                - name: %s.example.com
                  clientConfig: %s
                  rules:
                  - {operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [configmaps]}
                  sideEffects: None
                  admissionReviewVersions: [v1]
                %s""".formatted(name, name, clientConfig, extra);
    }

    private static String url(String path) {
        return "{url: \"" + server.url(path) + "\", caBundle: " + server.caBundle() + "}";
    }

    private static void mutating(String yaml) {
        cluster.admin().admissionRegistration().v1().mutatingWebhookConfigurations()
                .resource(Serialization.unmarshal(yaml, MutatingWebhookConfiguration.class))
                .create();
    }

    private static void validating(String yaml) {
        cluster.admin().admissionRegistration().v1().validatingWebhookConfigurations()
                .resource(Serialization.unmarshal(yaml, ValidatingWebhookConfiguration.class))
                .create();
    }

    private static ConfigMap create(String prefix) {
        return cluster.admin().configMaps().inNamespace("default").resource(new ConfigMapBuilder()
                .withNewMetadata().withName(prefix + NAMES.incrementAndGet()).endMetadata()
                .addToData("k", "v").build()).create();
    }

    @Test
    void aMutatingWebhooksPatchIsAppliedAndItsWarningSentToTheClient() throws Exception {
        mutating(hook("label", url("/mutate"), ""));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                "yes".equals(create("cm-").getMetadata().getLabels().get("mutated")));
        HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(cluster.url() + "/api/v1/namespaces/default/configmaps"))
                .header("Authorization", "Bearer " + TestCluster.ADMIN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"metadata\":{\"name\":\"raw\"},\"data\":{\"a\":\"b\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isEqualTo(201);
        assertThat(raw.headers().allValues("Warning"))
                .containsExactly("299 - \"labelled by the test webhook\"");
        ObjectNode review = MUTATED.getLast();
        assertThat(review.path("request").path("userInfo").path("username").asText())
                .isEqualTo("admin");
        assertThat(review.path("request").path("operation").asText()).isEqualTo("CREATE");
    }

    @Test
    void aValidatingWebhooksDenialReachesTheClientWithItsMessage() {
        validating(hook("names", url("/validate"), ""));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThatThrownBy(() -> create("bad-"))
                        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                            assertThat(e.getCode()).isEqualTo(403);
                            assertThat(e.getStatus().getMessage()).isEqualTo("admission webhook"
                                    + " \"names.example.com\" denied the request: names"
                                    + " starting with bad- are refused");
                        }));
        assertThat(create("good-").getMetadata().getName()).startsWith("good-");
    }

    @Test
    void aDeleteIsJudgedByTheWebhooksWhoseRulesNameIt() {
        String kept = create("bad-kept-").getMetadata().getName();
        String gone = create("good-gone-").getMetadata().getName();
        validating(hook("deletes", url("/validate"), "")
                .replace("operations: [CREATE]", "operations: [DELETE]"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThatThrownBy(() -> cluster.admin().configMaps().inNamespace("default")
                        .withName(kept).delete())
                        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                            assertThat(e.getCode()).isEqualTo(403);
                            assertThat(e.getStatus().getMessage()).isEqualTo("admission webhook"
                                    + " \"deletes.example.com\" denied the request: names"
                                    + " starting with bad- are refused");
                        }));
        assertThat(cluster.admin().configMaps().inNamespace("default").withName(kept).get())
                .isNotNull();
        cluster.admin().configMaps().inNamespace("default").withName(gone).delete();
        assertThat(cluster.admin().configMaps().inNamespace("default").withName(gone).get())
                .isNull();
        // a rule for deletes judges no create
        assertThat(create("bad-").getMetadata().getName()).startsWith("bad-");
    }

    @Test
    void aWebhookThatIsDownCannotKeepItsOwnConfigurationFromBeingDeleted() {
        validating(hook("everything", "{url: \"https://127.0.0.1:1/\", caBundle: "
                + server.caBundle() + "}", "").replace("operations: [CREATE]", "operations: [\"*\"]")
                .replace("apiGroups: [\"\"]", "apiGroups: [\"*\"]")
                .replace("resources: [configmaps]", "resources: [\"*\"]"));
        cluster.admin().admissionRegistration().v1().validatingWebhookConfigurations()
                .withName("everything").delete();
        assertThat(cluster.admin().admissionRegistration().v1()
                .validatingWebhookConfigurations().withName("everything").get()).isNull();
    }

    @Test
    void aSlowWebhookFailsTheRequestWithinItsTimeoutOrPassesItWhenIgnored() {
        server.delay(Duration.ofSeconds(5));
        validating(hook("slow", url("/validate"), "  timeoutSeconds: 1\n"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            long started = System.nanoTime();
            assertThatThrownBy(() -> create("late-"))
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(500);
                        assertThat(e.getStatus().getMessage()).startsWith("Internal error"
                                + " occurred: failed calling webhook \"slow.example.com\":");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(
                    Duration.ofSeconds(3));
        });
        cluster.admin().admissionRegistration().v1().validatingWebhookConfigurations()
                .withName("slow").delete();
        validating(hook("slow-ignored", url("/validate"),
                "  timeoutSeconds: 1\n  failurePolicy: Ignore\n"));
        assertThat(create("ignored-").getMetadata().getName()).startsWith("ignored-");
    }

    @Test
    void aWebhookThatIsDownFailsOrPassesPerItsPolicy() {
        String down = "{url: \"https://127.0.0.1:1/admit\", caBundle: " + server.caBundle()
                + "}";
        validating(hook("down", down, ""));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThatThrownBy(() -> create("x-")).hasMessageContaining(
                        "failed calling webhook \"down.example.com\""));
        cluster.admin().admissionRegistration().v1().validatingWebhookConfigurations()
                .withName("down").delete();
        validating(hook("down-ignored", down, "  failurePolicy: Ignore\n"));
        assertThat(create("y-").getMetadata().getName()).startsWith("y-");
    }

    @Test
    void aCertificateNotFromTheCaBundleFailsTheCall() throws Exception {
        String otherCa = Base64.getEncoder().encodeToString(java.nio.file.Files.readAllBytes(
                io.j8s.apiserver.pki.ClusterPki.loadOrCreate(cluster.dir().resolve("other"),
                        List.of("localhost"), List.of()).caCertFile()));
        validating(hook("wrongca", "{url: \"" + server.url("/validate") + "\", caBundle: "
                + otherCa + "}", ""));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThatThrownBy(() -> create("good-")).hasMessageContaining(
                        "failed calling webhook \"wrongca.example.com\""));
    }

    @Test
    void matchConditionsDecideWhetherTheWebhookIsCalled() {
        validating(hook("cond", url("/validate"), """
                  matchConditions:
                  - {name: only-bad-two, expression: "object.metadata.name.startsWith('bad-two')"}
                """));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThatThrownBy(() -> create("bad-two-")).hasMessageContaining("denied"));
        assertThat(create("bad-one-").getMetadata().getName()).startsWith("bad-one-");
    }

    @Test
    void aBadConfigurationIsRefusedWithUpstreamsCauses() {
        String yaml = """
                metadata: {name: bad}
                webhooks:
                - name: short
                  clientConfig: {url: "http://x.example.com/?a=b", service: {name: s, namespace: n}}
                  rules:
                  - {operations: [CREATE, "*"], apiGroups: [""], apiVersions: [v1], resources: []}
                  timeoutSeconds: 31
                  admissionReviewVersions: [v0]
                """;
        assertThatThrownBy(() -> validating(yaml))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getDetails().getCauses()).extracting("field")
                            .contains("webhooks[0].name", "webhooks[0].sideEffects",
                                    "webhooks[0].timeoutSeconds", "webhooks[0].clientConfig",
                                    "webhooks[0].rules[0].operations",
                                    "webhooks[0].rules[0].resources",
                                    "webhooks[0].admissionReviewVersions");
                });
    }

    @Test
    void aDryRunCreateIsSentAsDryRun() {
        validating(hook("dry", url("/validate"), ""));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThatThrownBy(() -> create("bad-")).hasMessageContaining("denied"));
        KubernetesClient admin = cluster.admin();
        admin.configMaps().inNamespace("default").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("dry-one").endMetadata().build()).dryRun().create();
        assertThat(server.seen().getLast().json().path("request").path("dryRun").asBoolean())
                .isTrue();
    }
}
