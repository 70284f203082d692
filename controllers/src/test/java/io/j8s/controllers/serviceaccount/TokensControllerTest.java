package io.j8s.controllers.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.j8s.apiserver.ApiServer;
import io.j8s.apiserver.authn.Authenticator;
import io.j8s.apiserver.serviceaccount.SigningKey;
import io.j8s.controllers.ControllerManager;
import io.j8s.store.Store;
import io.j8s.testkit.Directories;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The serviceaccount-token controller against a real API server that accepts service account
 * tokens: a token Secret is filled in, its token authenticates as the account until the Secret
 * goes, and token Secrets of missing or deleted accounts are deleted.
 */
class TokensControllerTest {
    private static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIBtest\n"
            + "-----END CERTIFICATE-----\n";

    @Test
    void aTokenSecretIsFilledInAndAuthenticatesUntilItOrItsAccountGoes() throws Exception {
        Path dir = Files.createTempDirectory("j8s-tokens-controller");
        Path tokens = Files.writeString(dir.resolve("tokens.csv"),
                "admin-token,admin,1,system:masters\ncm-token,system:kube-controller-manager,2\n");
        Path key = dir.resolve("sa.key");
        Path ca = Files.writeString(dir.resolve("ca.crt"), PEM);
        try (Store store = Store.builder().dataDir(dir.resolve("db")).open();
                ApiServer server = ApiServer.builder().store(store).host("127.0.0.1").port(0)
                        .authenticator(Authenticator.tokenFile(tokens))
                        .serviceAccountTokens(SigningKey.loadOrCreate(key),
                                "https://kubernetes.default.svc.cluster.local", List.of())
                        .start();
                KubernetesClient admin = client(server, "admin-token");
                KubernetesClient cm = client(server, "cm-token");
                ControllerManager manager = ControllerManager.builder().client(cm)
                        .allocateNodeCidrs(false).rootCaFile(ca).serviceAccountPrivateKeyFile(key)
                        .controllers(Set.of("serviceaccount-token")).start()) {
            admin.serviceAccounts().inNamespace("default").resource(new ServiceAccountBuilder()
                    .withNewMetadata().withName("builder").endMetadata().build()).create();
            admin.secrets().inNamespace("default").resource(tokenSecret("builder-token", "builder"))
                    .create();
            Secret filled = await().atMost(Duration.ofSeconds(20)).until(() -> admin.secrets()
                    .inNamespace("default").withName("builder-token").get(),
                    s -> s.getData() != null && s.getData().containsKey("token"));
            assertThat(decode(filled.getData().get("ca.crt"))).isEqualTo(PEM);
            assertThat(decode(filled.getData().get("namespace"))).isEqualTo("default");
            assertThat(filled.getMetadata().getAnnotations()).containsEntry(
                    "kubernetes.io/service-account.uid", admin.serviceAccounts()
                            .inNamespace("default").withName("builder").get().getMetadata()
                            .getUid());
            String token = decode(filled.getData().get("token"));
            JsonNode claims = new ObjectMapper().readTree(
                    Base64.getUrlDecoder().decode(token.split("\\.")[1]));
            assertThat(claims.path("iss").asText()).isEqualTo("kubernetes/serviceaccount");
            assertThat(claims.path("kubernetes.io/serviceaccount/secret.name").asText())
                    .isEqualTo("builder-token");

            HttpResponse<String> me = whoami(server, token);
            assertThat(me.statusCode()).isEqualTo(201);
            assertThat(me.body()).contains("\"username\":\"system:serviceaccount:default:builder\"");

            // A token Secret for an account that does not exist is deleted.
            admin.secrets().inNamespace("default").resource(tokenSecret("orphan-token", "nobody"))
                    .create();
            await().atMost(Duration.ofSeconds(20)).until(() -> admin.secrets()
                    .inNamespace("default").withName("orphan-token").get() == null);

            // The account goes: its Secret goes and the token stops working.
            admin.serviceAccounts().inNamespace("default").withName("builder").delete();
            await().atMost(Duration.ofSeconds(20)).until(() -> admin.secrets()
                    .inNamespace("default").withName("builder-token").get() == null);
            await().atMost(Duration.ofSeconds(10)).until(() -> whoami(server, token).statusCode() == 401);
        } finally {
            Directories.deleteRecursively(dir);
        }
    }

    private static Secret tokenSecret(String name, String account) {
        return new SecretBuilder().withNewMetadata().withName(name)
                .addToAnnotations("kubernetes.io/service-account.name", account).endMetadata()
                .withType("kubernetes.io/service-account-token").build();
    }

    private static String decode(String b64) {
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }

    static KubernetesClient client(ApiServer server, String token) {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl("http://127.0.0.1:" + server.port()).withOauthToken(token)
                .withRequestRetryBackoffLimit(0).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static HttpResponse<String> whoami(ApiServer server, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + server.port()
                                + "/apis/authentication.k8s.io/v1/selfsubjectreviews"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"apiVersion\":"
                        + "\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
