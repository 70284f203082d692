package io.j8s.apiserver.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.APIServiceCondition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.j8s.api.codec.Json;
import io.j8s.apiserver.ApiServer;
import io.j8s.apiserver.authn.Authenticator;
import io.j8s.apiserver.pki.CertificateFiles;
import io.j8s.apiserver.pki.ClusterPki;
import io.j8s.store.Store;
import io.j8s.testcluster.HttpsTestServer;
import io.j8s.testkit.Directories;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An aggregated API served by a small HTTPS server on 127.0.0.1 behind a Service without
 * selector: requests under its group version reach it through the API server with the caller's
 * identity in the front-proxy headers and the front-proxy client certificate, watches stream
 * through, its group shows in discovery, and when it stops requests get 503.
 */
class ApiServiceProxyTest {
    private static final String GV = "/apis/wardle.example.com/v1alpha1";
    private static Path dir;
    private static Store store;
    private static ApiServer server;
    private static KubernetesClient admin;
    private static ClusterPki pki;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("j8s-ApiServiceProxyTest");
        Path tokens = dir.resolve("tokens.csv");
        Files.writeString(tokens, "admin-token,admin,1,system:masters\n");
        pki = ClusterPki.loadOrCreate(dir.resolve("pki"), List.of("localhost"),
                List.of("127.0.0.1"));
        CertificateFiles client = pki.frontProxyClient();
        store = Store.builder().dataDir(dir.resolve("data")).open();
        server = ApiServer.builder().store(store).host("127.0.0.1").port(0)
                .authenticator(Authenticator.tokenFile(tokens))
                .frontProxy(new FrontProxy(client.certFile(), client.keyFile(),
                        pki.frontProxyCaCertFile(), pki.caCertFile()))
                .apiServiceCheckInterval(Duration.ofMillis(500)).start();
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url(""))
                .withOauthToken("admin-token").build();
        admin = new KubernetesClientBuilder().withConfig(config).build();
    }

    @AfterAll
    static void stop() {
        admin.close();
        server.close();
        store.close();
        Directories.deleteRecursively(dir);
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private static HttpResponse<String> get(String path, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", "Bearer admin-token");
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static APIServiceCondition available(String name) {
        APIService s = admin.apiServices().withName(name).get();
        if (s == null || s.getStatus() == null || s.getStatus().getConditions() == null) {
            return null;
        }
        return s.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("Available")).findFirst().orElse(null);
    }

    private static HttpsTestServer.Answer wardle(HttpsTestServer.Seen seen) {
        if (seen.path().equals(GV)) {
            return new HttpsTestServer.Answer(200, "application/json", """
                    {"kind":"APIResourceList","apiVersion":"v1",
                     "groupVersion":"wardle.example.com/v1alpha1","resources":[
                     {"name":"flunders","singularName":"flunder","namespaced":true,
                      "kind":"Flunder","verbs":["get","list","watch","create"],
                      "shortNames":["fl"]},
                     {"name":"flunders/status","singularName":"","namespaced":true,
                      "kind":"Flunder","verbs":["get","update"]}]}
                    """.getBytes(StandardCharsets.UTF_8));
        }
        if (seen.path().contains("watch=true")) {
            return new HttpsTestServer.Answer(200, "application/json", ("{\"type\":\"ADDED\","
                    + "\"object\":{\"kind\":\"Flunder\",\"apiVersion\":\"wardle.example.com/"
                    + "v1alpha1\",\"metadata\":{\"name\":\"one\"}}}\n")
                    .getBytes(StandardCharsets.UTF_8), true);
        }
        return new HttpsTestServer.Answer(200, "application/json", ("{\"kind\":\"FlunderList\","
                + "\"apiVersion\":\"wardle.example.com/v1alpha1\",\"metadata\":{},\"items\":"
                + "[{\"metadata\":{\"name\":\"one\"}}]}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anAggregatedApiIsReachedThroughTheApiServerUntilItStops() throws Exception {
        HttpsTestServer backend = HttpsTestServer.start(dir.resolve("wardle"),
                List.of("wardle.default.svc"), pki.frontProxyCaCertFile(),
                ApiServiceProxyTest::wardle);
        try {
            admin.services().inNamespace("default").resource(Serialization.unmarshal(
                    "metadata: {name: wardle}\nspec:\n  ports: [{port: 443, targetPort: "
                            + backend.port() + "}]\n", Service.class)).create();
            admin.endpoints().inNamespace("default").resource(Serialization.unmarshal(
                    "metadata: {name: wardle}\nsubsets:\n- addresses: [{ip: 127.0.0.1}]\n"
                            + "  ports: [{port: " + backend.port() + "}]\n", Endpoints.class))
                    .create();
            admin.apiServices().resource(Serialization.unmarshal("""
                    metadata: {name: v1alpha1.wardle.example.com}
                    spec:
                      group: wardle.example.com
                      version: v1alpha1
                      groupPriorityMinimum: 1000
                      versionPriority: 15
                      caBundle: %s
                      service: {name: wardle, namespace: default, port: 443}
                    """.formatted(backend.caBundle()), APIService.class)).create();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(available("v1alpha1.wardle.example.com"))
                            .extracting(APIServiceCondition::getStatus).isEqualTo("True"));

            // The availability and discovery check, as upstream's: system:kube-aggregator.
            HttpsTestServer.Seen check = backend.seen().stream()
                    .filter(x -> x.path().equals(GV)).findFirst().orElseThrow();
            assertThat(check.headers().get("X-Remote-User"))
                    .containsExactly("system:kube-aggregator");
            assertThat(check.clientCertificateSubject()).contains("CN=front-proxy-client");

            // A list: the caller's identity in the front-proxy headers, its token left out.
            HttpResponse<String> list = get(GV + "/namespaces/default/flunders", null);
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body()).contains("FlunderList");
            HttpsTestServer.Seen seen = backend.seen().stream()
                    .filter(s -> s.path().endsWith("/flunders")).findFirst().orElseThrow();
            assertThat(seen.headers().get("X-Remote-User")).containsExactly("admin");
            assertThat(seen.headers().get("X-Remote-Group"))
                    .containsExactly("system:masters", "system:authenticated");
            assertThat(seen.headers()).doesNotContainKey("Authorization");
            assertThat(seen.clientCertificateSubject()).contains("CN=front-proxy-client");

            // Without credentials: refused here, never proxied.
            int before = backend.seen().size();
            assertThat(http.send(HttpRequest.newBuilder(URI.create(url(GV
                    + "/namespaces/default/flunders"))).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            assertThat(backend.seen()).hasSize(before);

            // A watch streams: its first event arrives while the backend holds it open.
            HttpResponse<Stream<String>> watch = http.send(HttpRequest.newBuilder(URI.create(
                    url(GV + "/namespaces/default/flunders?watch=true")))
                    .header("Authorization", "Bearer admin-token").build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(watch.statusCode()).isEqualTo(200);
            try (Stream<String> lines = watch.body()) {
                Iterator<String> events = lines.iterator();
                assertThat(events.next()).contains("\"ADDED\"").contains("\"one\"");
            }

            // A watch over WebSocket, as fabric8 asks for it: the upgrade is carried through.
            java.util.concurrent.CompletableFuture<String> frame =
                    new java.util.concurrent.CompletableFuture<>();
            java.net.http.WebSocket ws = http.newWebSocketBuilder()
                    .header("Authorization", "Bearer admin-token")
                    .buildAsync(URI.create(url(GV + "/namespaces/default/flunders?watch=true")
                            .replace("http:", "ws:")), new java.net.http.WebSocket.Listener() {
                                @Override
                                public java.util.concurrent.CompletionStage<?> onText(
                                        java.net.http.WebSocket w, CharSequence data,
                                        boolean last) {
                                    frame.complete(data.toString());
                                    return null;
                                }
                            }).get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(frame.get(10, java.util.concurrent.TimeUnit.SECONDS))
                    .contains("\"ADDED\"");
            ws.abort();
            assertThat(backend.seen().getLast().headers().get("X-Remote-User"))
                    .containsExactly("admin");

            // Discovery: legacy and aggregated.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode groups = Json.MAPPER.readTree(get("/apis", null).body());
                assertThat(groups.findValuesAsText("name")).contains("wardle.example.com");
                JsonNode group = Json.MAPPER.readTree(get("/apis/wardle.example.com", null)
                        .body());
                assertThat(group.path("preferredVersion").path("version").asText())
                        .isEqualTo("v1alpha1");
                JsonNode aggregated = Json.MAPPER.readTree(get("/apis",
                        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
                        .body());
                JsonNode wardle = null;
                for (JsonNode item : aggregated.path("items")) {
                    if (item.path("metadata").path("name").asText()
                            .equals("wardle.example.com")) {
                        wardle = item;
                    }
                }
                assertThat(wardle).isNotNull();
                JsonNode resource = wardle.path("versions").path(0).path("resources").path(0);
                assertThat(resource.path("resource").asText()).isEqualTo("flunders");
                assertThat(resource.path("scope").asText()).isEqualTo("Namespaced");
                assertThat(resource.path("subresources").path(0).path("subresource").asText())
                        .isEqualTo("status");
            });
        } finally {
            backend.close();
        }

        // The backend is gone: 503 at once, and the APIService becomes unavailable.
        HttpResponse<String> gone = get(GV + "/namespaces/default/flunders", null);
        assertThat(gone.statusCode()).isEqualTo(503);
        assertThat(Json.MAPPER.readTree(gone.body()).path("reason").asText())
                .isEqualTo("ServiceUnavailable");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            APIServiceCondition c = available("v1alpha1.wardle.example.com");
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("FailedDiscoveryCheck");
        });
        assertThat(get(GV + "/namespaces/default/flunders", null).statusCode()).isEqualTo(503);
    }

    @Test
    void theRequestHeaderConfigurationIsPublished() {
        ConfigMap cm = admin.configMaps().inNamespace("kube-system")
                .withName("extension-apiserver-authentication").get();
        assertThat(cm.getData()).containsEntry("requestheader-allowed-names",
                "[\"front-proxy-client\"]")
                .containsEntry("requestheader-username-headers", "[\"X-Remote-User\"]")
                .containsEntry("requestheader-group-headers", "[\"X-Remote-Group\"]")
                .containsEntry("requestheader-extra-headers-prefix", "[\"X-Remote-Extra-\"]");
        assertThat(cm.getData().get("client-ca-file")).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(cm.getData().get("requestheader-client-ca-file"))
                .startsWith("-----BEGIN CERTIFICATE-----")
                .isNotEqualTo(cm.getData().get("client-ca-file"));
    }
}
