package io.j8s.apiserver.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.j8s.api.codec.Json;
import io.j8s.apiserver.ApiServer;
import io.j8s.apiserver.authn.Authenticator;
import io.j8s.store.Store;
import io.j8s.testkit.Directories;
import io.j8s.testkit.TestClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TokenRequest, the service account authenticator and the token volume admission adds, against a
 * real in-process API server: a token is the service account's identity until it expires, its
 * pod goes or someone forges it, and then it is a bare 401.
 */
class ServiceAccountTokensTest {
    private static final TestClock CLOCK = new TestClock(Instant.now());
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Path dir;
    private static Store store;
    private static ApiServer server;
    private static KubernetesClient admin;
    /** An RSA key the cluster signed with before, now only a --service-account-key-file. */
    private static SigningKey retired;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("j8s-satokens");
        java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        Path retiredFile = Files.writeString(dir.resolve("retired.key"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(rsa.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        retired = SigningKey.loadOrCreate(retiredFile);
        Path tokens = dir.resolve("tokens.csv");
        Files.writeString(tokens, "admin-token,admin,1,\"system:masters\"\n");
        store = Store.builder().dataDir(dir.resolve("db")).open();
        server = ApiServer.builder().store(store).host("127.0.0.1").port(0).clock(CLOCK)
                .authenticator(Authenticator.tokenFile(tokens))
                .serviceAccountTokens(SigningKey.loadOrCreate(dir.resolve("tls/sa.key")),
                        "https://kubernetes.default.svc.cluster.local", List.of())
                .serviceAccountPublicKeys(SigningKey.verificationKeys(dir.resolve("retired.key")))
                .start();
        admin = client("admin-token");
        admin.serviceAccounts().inNamespace("default").resource(new ServiceAccountBuilder()
                .withNewMetadata().withName("robot").endMetadata().build()).create();
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (server != null) {
            server.close();
        }
        if (store != null) {
            store.close();
        }
        Directories.deleteRecursively(dir);
    }

    private static KubernetesClient client(String token) {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl("http://127.0.0.1:" + server.port()).withOauthToken(token)
                .withRequestRetryBackoffLimit(0).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static TokenRequest request(TokenRequest body) {
        return admin.serviceAccounts().inNamespace("default").withName("robot").tokenRequest(body);
    }

    private static String token(List<String> audiences) {
        return request(new TokenRequestBuilder().withNewSpec().withAudiences(audiences).endSpec()
                .build()).getStatus().getToken();
    }

    /** POSTs a SelfSubjectReview with {@code token}: the status code and body. */
    private static HttpResponse<String> whoami(String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/apis/authentication.k8s.io/v1/selfsubjectreviews"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"apiVersion\":"
                        + "\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode claims(String token) throws Exception {
        return Json.MAPPER.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    }

    private static void assertUnauthorized(String token) throws Exception {
        HttpResponse<String> r = whoami(token);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(Json.MAPPER.readTree(r.body()).path("message").asText()).isEqualTo("Unauthorized");
    }

    @Test
    void aRequestedTokenIsTheServiceAccountWithUpstreamsClaims() throws Exception {
        TokenRequest answer = request(new TokenRequestBuilder().withNewSpec().endSpec().build());
        String token = answer.getStatus().getToken();
        assertThat(answer.getSpec().getExpirationSeconds()).isEqualTo(3600L);
        assertThat(Instant.parse(answer.getStatus().getExpirationTimestamp()))
                .isEqualTo(CLOCK.instant().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        JsonNode claims = claims(token);
        assertThat(claims.path("iss").asText()).isEqualTo("https://kubernetes.default.svc.cluster.local");
        assertThat(claims.path("aud").get(0).asText()).isEqualTo("https://kubernetes.default.svc.cluster.local");
        assertThat(claims.path("sub").asText()).isEqualTo("system:serviceaccount:default:robot");
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(3600);
        String uid = admin.serviceAccounts().inNamespace("default").withName("robot").get()
                .getMetadata().getUid();
        assertThat(claims.path("kubernetes.io").path("serviceaccount").path("uid").asText()).isEqualTo(uid);

        HttpResponse<String> r = whoami(token);
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode user = Json.MAPPER.readTree(r.body()).path("status").path("userInfo");
        assertThat(user.path("username").asText()).isEqualTo("system:serviceaccount:default:robot");
        assertThat(user.path("uid").asText()).isEqualTo(uid);
        assertThat(user.path("groups")).extracting(JsonNode::asText).containsExactly(
                "system:serviceaccounts", "system:serviceaccounts:default", "system:authenticated");
        assertThat(user.path("extra").path("authentication.kubernetes.io/credential-id").get(0)
                .asText()).isEqualTo("JTI=" + claims.path("jti").asText());
    }

    @Test
    void aTokenBoundToAPodStopsWorkingWhenThePodIsDeleted() throws Exception {
        Pod pod = admin.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata()
                .withName("bound").endMetadata().withNewSpec().withServiceAccountName("robot")
                .addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
                .build()).create();
        TokenRequest answer = request(new TokenRequestBuilder().withNewSpec()
                .withNewBoundObjectRef().withKind("Pod").withApiVersion("v1").withName("bound")
                .withUid(pod.getMetadata().getUid()).endBoundObjectRef().endSpec().build());
        String token = answer.getStatus().getToken();
        assertThat(claims(token).path("kubernetes.io").path("pod").path("uid").asText())
                .isEqualTo(pod.getMetadata().getUid());
        HttpResponse<String> r = whoami(token);
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode extra = Json.MAPPER.readTree(r.body()).path("status").path("userInfo").path("extra");
        assertThat(extra.path("authentication.kubernetes.io/pod-name").get(0).asText()).isEqualTo("bound");
        assertThat(extra.path("authentication.kubernetes.io/pod-uid").get(0).asText())
                .isEqualTo(pod.getMetadata().getUid());

        admin.pods().inNamespace("default").withName("bound").withGracePeriod(0).delete();
        // The authenticator reads the watch cache, which follows the store within moments.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                whoami(token).statusCode() == 401);
        assertUnauthorized(token);
    }

    @Test
    void badBindingsAndLifetimesAreRefusedAsUpstream() {
        assertThatThrownBy(() -> request(new TokenRequestBuilder().withNewSpec()
                .withExpirationSeconds(599L).endSpec().build()))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getDetails().getCauses().get(0).getField())
                            .isEqualTo("spec.expirationSeconds");
                });
        assertThatThrownBy(() -> request(new TokenRequestBuilder().withNewSpec()
                .withNewBoundObjectRef().withKind("Pod").withApiVersion("v1").withName("nosuch")
                .endBoundObjectRef().endSpec().build()))
                .isInstanceOfSatisfying(KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(404));
        assertThatThrownBy(() -> admin.serviceAccounts().inNamespace("default").withName("nobody")
                .tokenRequest(new TokenRequestBuilder().withNewSpec().endSpec().build()))
                .isInstanceOfSatisfying(KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(404));
    }

    @Test
    void expiredForgedAndForeignTokensAreABare401() throws Exception {
        String token = token(List.of());
        String other = token(List.of("vault"));
        assertThat(whoami(token).statusCode()).isEqualTo(201);
        assertUnauthorized(other); // not for the API server

        String[] parts = token.split("\\.");
        String forgedClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]))
                        .replace("\"robot\"", "\"admin\"").getBytes());
        assertUnauthorized(parts[0] + "." + forgedClaims + "." + parts[2]);
        SigningKey stranger = SigningKey.loadOrCreate(dir.resolve("other/sa.key"));
        assertUnauthorized(new TokenRequests(stranger, "https://kubernetes.default.svc.cluster.local",
                List.of("https://kubernetes.default.svc.cluster.local"),
                (resource, ns, name) -> admin.serviceAccounts().inNamespace(ns).withName(name).get() == null
                        ? java.util.Optional.empty()
                        : java.util.Optional.of(Json.MAPPER.valueToTree(admin.serviceAccounts()
                                .inNamespace(ns).withName(name).get())),
                CLOCK).create("default", "robot", Json.MAPPER.createObjectNode())
                .path("status").path("token").asText());
        assertUnauthorized("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");

        CLOCK.advance(Duration.ofSeconds(3600 + 61));
        try {
            assertUnauthorized(token);
        } finally {
            CLOCK.advance(Duration.ofSeconds(-(3600 + 61)));
        }
    }

    @Test
    void theIssuerPublishesItsKeysToServiceAccounts() throws Exception {
        String token = token(List.of());
        HttpResponse<String> config = HTTP.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + server.port() + "/.well-known/openid-configuration"))
                .header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(config.statusCode()).isEqualTo(200);
        JsonNode doc = Json.MAPPER.readTree(config.body());
        assertThat(doc.path("issuer").asText()).isEqualTo("https://kubernetes.default.svc.cluster.local");
        assertThat(doc.path("jwks_uri").asText()).endsWith(":" + server.port() + "/openid/v1/jwks");
        HttpResponse<String> jwks = HTTP.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + server.port() + "/openid/v1/jwks"))
                .header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode header = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[0]));
        assertThat(header.path("alg").asText()).as("a generated key is ECDSA P-256").isEqualTo("ES256");
        JsonNode keys = Json.MAPPER.readTree(jwks.body()).path("keys");
        assertThat(keys).hasSize(2);
        JsonNode key = keys.get(0);
        assertThat(key.path("kid").asText()).isEqualTo(header.path("kid").asText());
        assertThat(key.path("alg").asText()).isEqualTo("ES256");
        assertThat(key.path("kty").asText()).isEqualTo("EC");
        assertThat(key.path("crv").asText()).isEqualTo("P-256");
        assertThat(key.has("d")).isFalse();
        assertThat(keys.get(1).path("alg").asText()).as("the retired key").isEqualTo("RS256");
        assertThat(keys.get(1).path("kid").asText()).isEqualTo(retired.keyId());
        assertThat(keys.get(1).has("d")).isFalse();
        assertThat(doc.path("id_token_signing_alg_values_supported")).extracting(JsonNode::asText)
                .containsExactly("ES256", "RS256");
    }

    @Test
    void aTokenOfAKeyFromTheKeyFilesIsAcceptedAndOneOfAnUnknownKeyIsNot() throws Exception {
        String old = new TokenRequests(retired, "https://kubernetes.default.svc.cluster.local",
                List.of("https://kubernetes.default.svc.cluster.local"),
                (resource, ns, name) -> java.util.Optional.of(Json.MAPPER.valueToTree(admin.serviceAccounts()
                        .inNamespace(ns).withName(name).get())),
                CLOCK).create("default", "robot", Json.MAPPER.createObjectNode())
                .path("status").path("token").asText();
        assertThat(Json.MAPPER.readTree(Base64.getUrlDecoder().decode(old.split("\\.")[0]))
                .path("alg").asText()).isEqualTo("RS256");
        HttpResponse<String> r = whoami(old);
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(Json.MAPPER.readTree(r.body()).path("status").path("userInfo").path("username")
                .asText()).isEqualTo("system:serviceaccount:default:robot");

        // The RS256 token's header claiming ES256 with the same signature: no key verifies it.
        String[] parts = old.split("\\.");
        String relabelled = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[0])).replace("RS256", "ES256").getBytes());
        assertUnauthorized(relabelled + "." + parts[1] + "." + parts[2]);
    }

    @Test
    void admissionMountsTheTokenVolumeUnlessTheAccountOptsOut() {
        Pod pod = admin.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata()
                .withName("mounted").endMetadata().withNewSpec().addNewInitContainer()
                .withName("init").withImage("busybox").endInitContainer().addNewContainer()
                .withName("c").withImage("busybox").endContainer().endSpec().build()).create();
        var volume = pod.getSpec().getVolumes().get(0);
        assertThat(volume.getName()).matches("kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}");
        var sources = volume.getProjected().getSources();
        assertThat(sources.get(0).getServiceAccountToken().getExpirationSeconds()).isEqualTo(3607L);
        assertThat(sources.get(0).getServiceAccountToken().getPath()).isEqualTo("token");
        assertThat(sources.get(1).getConfigMap().getName()).isEqualTo("kube-root-ca.crt");
        assertThat(sources.get(2).getDownwardAPI().getItems().get(0).getFieldRef().getFieldPath())
                .isEqualTo("metadata.namespace");
        for (var c : List.of(pod.getSpec().getInitContainers().get(0), pod.getSpec().getContainers().get(0))) {
            assertThat(c.getVolumeMounts()).singleElement().satisfies(m -> {
                assertThat(m.getMountPath()).isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount");
                assertThat(m.getName()).isEqualTo(volume.getName());
                assertThat(m.getReadOnly()).isTrue();
            });
        }

        admin.serviceAccounts().inNamespace("default").resource(new ServiceAccountBuilder()
                .withNewMetadata().withName("quiet").endMetadata()
                .withAutomountServiceAccountToken(false).build()).create();
        Pod quiet = admin.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata()
                .withName("quiet").endMetadata().withNewSpec().withServiceAccountName("quiet")
                .addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
                .build()).create();
        assertThat(quiet.getSpec().getVolumes()).isEmpty();
        Pod optedIn = admin.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata()
                .withName("opted-in").endMetadata().withNewSpec().withServiceAccountName("quiet")
                .withAutomountServiceAccountToken(true).addNewContainer().withName("c")
                .withImage("busybox").endContainer().endSpec().build()).create();
        assertThat(optedIn.getSpec().getVolumes()).hasSize(1);
    }
}
