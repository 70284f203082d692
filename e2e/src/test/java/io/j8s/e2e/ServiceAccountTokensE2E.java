package io.j8s.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.j8s.apiserver.pki.ClusterPki;
import io.j8s.testkit.Directories;
import io.j8s.testkit.Kubectl;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Service account tokens and the other token kinds through the real kubectl against a running
 * server with its sim node agent: {@code kubectl create token} (plain and bound to a pod),
 * {@code kubectl --token ... auth whoami}, a legacy token Secret filled in by the controller, an
 * OIDC ID token from an issuer the test serves on 127.0.0.1, and a pod that gets and mounts the
 * {@code kube-api-access} volume.
 */
class ServiceAccountTokensE2E {
    private static final String NODE = "tokens-e2e";
    private static Path issuerDir;
    private static Vertx vertx;
    private static String issuer;
    private static RSAKey issuerKey;
    private static RunningServer server;

    @BeforeAll
    static void start() throws Exception {
        issuerDir = Files.createTempDirectory("j8s-oidc");
        ClusterPki pki = ClusterPki.loadOrCreate(issuerDir.resolve("tls"), List.of("localhost"),
                List.of("127.0.0.1"));
        issuerKey = new RSAKeyGenerator(2048).keyID("test").generate();
        vertx = Vertx.vertx();
        HttpServer http = vertx.createHttpServer(new HttpServerOptions().setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setCertPath(pki.servingCertFile().toString())
                        .setKeyPath(pki.servingKeyFile().toString())));
        http.requestHandler(req -> {
            if (req.path().equals("/.well-known/openid-configuration")) {
                req.response().end("{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer
                        + "/keys\"}");
            } else if (req.path().equals("/keys")) {
                req.response().end(new JWKSet(issuerKey.toPublicJWK()).toString());
            } else {
                req.response().setStatusCode(404).end();
            }
        });
        int port = http.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
                .get(20, TimeUnit.SECONDS).actualPort();
        issuer = "https://127.0.0.1:" + port;
        server = RunningServer.startWithAgent("--node-name", NODE,
                "--oidc-issuer-url", issuer, "--oidc-client-id", "kubectl",
                "--oidc-ca-file", pki.caCertFile().toString(), "--oidc-username-claim", "email",
                "--oidc-groups-claim", "groups", "--oidc-groups-prefix", "oidc:");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (vertx != null) {
            vertx.close();
        }
        Directories.deleteRecursively(issuerDir);
    }

    private static Kubectl withToken(String token) {
        return Kubectl.installed().with("--server", "https://127.0.0.1:" + server.port(),
                "--certificate-authority", server.dataDir().resolve("server/tls/ca.crt").toString(),
                "--token", token);
    }

    private static String whoami(String token) {
        Kubectl.Result r = withToken(token).run("auth", "whoami", "-o", "json");
        assertThat(r.ok()).as(r.toString()).isTrue();
        return r.out();
    }

    @Test
    void kubectlCreateTokenGivesTheServiceAccountsIdentity() {
        Kubectl admin = server.kubectl(null);
        Kubectl.ok(admin.run("create", "serviceaccount", "robot"));
        Kubectl.Result created = admin.run("create", "token", "robot", "--duration", "15m");
        assertThat(created.ok()).as(created.toString()).isTrue();
        String token = created.out().trim();
        assertThat(whoami(token)).contains("\"username\": \"system:serviceaccount:default:robot\"")
                .contains("system:serviceaccounts:default")
                .contains("authentication.kubernetes.io/credential-id");
        Kubectl.Result denied = withToken(token).run("get", "secrets");
        assertThat(denied.ok()).isFalse();
        assertThat(denied.err()).as(denied.toString()).contains("Forbidden")
                .contains("system:serviceaccount:default:robot");
        Kubectl.Result forged = withToken(token.substring(0, token.length() - 4) + "AAAA")
                .run("auth", "whoami");
        assertThat(forged.err()).as(forged.toString()).contains("Unauthorized");
        Kubectl.Result tooShort = admin.run("create", "token", "robot", "--duration", "5m");
        assertThat(tooShort.ok()).isFalse();
        assertThat(tooShort.err()).contains("spec.expirationSeconds");
    }

    @Test
    void aPodGetsItsTokenVolumeAndATokenBoundToItDiesWithIt() {
        Kubectl admin = server.kubectl(null);
        Kubectl.ok(admin.input("""
                apiVersion: v1
                kind: Pod
                metadata: {name: holder}
                spec:
                  containers: [{name: c, image: busybox}]
                """, "apply", "-f", "-"));
        String volumes = Kubectl.ok(admin.run("get", "pod", "holder", "-o",
                "jsonpath={.spec.volumes[0].name} {.spec.containers[0].volumeMounts[0].mountPath}"))
                .out();
        assertThat(volumes).matches("kube-api-access-\\w{5} /var/run/secrets/kubernetes.io/serviceaccount");
        // The kubelet (sim runtime) asks for the pod's token and the CA ConfigMap to start it.
        await().atMost(Duration.ofSeconds(90)).until(() -> admin.run("get", "pod", "holder", "-o",
                "jsonpath={.status.phase}").out().equals("Running"));

        String token = Kubectl.ok(admin.run("create", "token", "default", "--bound-object-kind",
                "Pod", "--bound-object-name", "holder")).out().trim();
        assertThat(whoami(token)).contains("\"authentication.kubernetes.io/pod-name\": [")
                .contains("holder").contains("authentication.kubernetes.io/node-name");
        Kubectl.ok(admin.run("delete", "pod", "holder", "--grace-period", "0", "--force"));
        await().atMost(Duration.ofSeconds(60)).until(() -> !admin.run("get", "pod", "holder").ok());
        await().atMost(Duration.ofSeconds(10)).until(() -> withToken(token).run("auth", "whoami")
                .err().contains("Unauthorized"));
    }

    @Test
    void aLegacyTokenSecretIsFilledInAndAuthenticates() {
        Kubectl admin = server.kubectl(null);
        Kubectl.ok(admin.run("create", "serviceaccount", "old-style"));
        Kubectl.ok(admin.input("""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: old-style-token
                  annotations: {kubernetes.io/service-account.name: old-style}
                type: kubernetes.io/service-account-token
                """, "apply", "-f", "-"));
        String encoded = await().atMost(Duration.ofSeconds(30)).until(() -> admin.run("get",
                "secret", "old-style-token", "-o", "jsonpath={.data.token}").out(), t -> !t.isEmpty());
        String token = new String(java.util.Base64.getDecoder().decode(encoded));
        assertThat(whoami(token)).contains("system:serviceaccount:default:old-style");
    }

    @Test
    void anOidcIdTokenIsItsUser() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("test")
                .build(), new JWTClaimsSet.Builder().issuer(issuer).audience("kubectl")
                .subject("1234").claim("email", "jane@example.com").claim("email_verified", true)
                .claim("groups", List.of("dev")).issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
        jwt.sign(new RSASSASigner(issuerKey));
        assertThat(whoami(jwt.serialize())).contains("\"username\": \"jane@example.com\"")
                .contains("oidc:dev");
    }
}
