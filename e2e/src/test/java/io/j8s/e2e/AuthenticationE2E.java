package io.j8s.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.testkit.Kubectl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Who may talk to a running server: certificates, tokens, and everyone else. */
class AuthenticationE2E {
    private static RunningServer server;
    private static Path tokens;

    @BeforeAll
    static void start() throws Exception {
        tokens = Files.createTempFile("j8s-tokens", ".csv");
        Files.writeString(tokens, "# token,user,uid,groups\n"
                + "admin-token,ops,1001,\"system:masters\"\n"
                + "jane-token,jane,1002,\"developers\"\n");
        server = RunningServer.start("--token-file", tokens.toString());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        Files.deleteIfExists(tokens);
    }

    private Kubectl withToken(String token) {
        return Kubectl.installed().with("--server", "https://127.0.0.1:" + server.port(),
                "--certificate-authority", server.dataDir().resolve("server/tls/ca.crt").toString(),
                "--token", token);
    }

    @Test
    void theAdminKubeconfigIsPrivateAndWorks() throws Exception {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(server.kubeconfig());
        assertThat(mode).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
        Kubectl.Result r = server.kubectl(null).run("get", "namespaces", "-o", "name");
        assertThat(r.out()).contains("namespace/default", "namespace/kube-system");
        assertThat(server.log()).contains("export KUBECONFIG=" + server.kubeconfig());
    }

    @Test
    void eachComponentHasItsOwnIdentity() {
        Kubectl.Result r = Kubectl.installed().with("--kubeconfig",
                server.dataDir().resolve("server/cred/kube-scheduler.kubeconfig").toString())
                .run("get", "pods", "-A");
        assertThat(r.ok()).as(r.toString()).isTrue();
    }

    @Test
    void tokensFromTheTokenFileAuthenticateAndOnlyAdminsAreAuthorized() {
        assertThat(withToken("admin-token").run("get", "ns", "-o", "name").out())
                .contains("namespace/default");
        Kubectl.Result jane = withToken("jane-token").run("get", "ns");
        assertThat(jane.ok()).isFalse();
        assertThat(jane.err()).contains("Forbidden").contains("User \"jane\" cannot list"
                + " resource \"namespaces\"");
        Kubectl.Result bad = withToken("no-such-token").run("get", "ns");
        assertThat(bad.ok()).isFalse();
        assertThat(bad.err()).contains("Unauthorized");
    }

    @Test
    void kubectlAuthTellsWhoYouAreAndWhatYouMayDo() {
        for (String version : new String[] {"1.30", "1.33"}) {
            Kubectl admin = server.kubectl(version);
            Kubectl.Result whoami = admin.run("auth", "whoami", "-o", "jsonpath={.status.userInfo}");
            assertThat(whoami.ok()).as(whoami.toString()).isTrue();
            assertThat(whoami.out()).contains("\"username\":\"system:admin\"")
                    .contains("system:masters").contains("system:authenticated");
            Kubectl.Result yes = admin.run("auth", "can-i", "delete", "nodes");
            assertThat(yes.out().trim()).as(yes.toString()).isEqualTo("yes");
            assertThat(admin.run("auth", "can-i", "--list").out()).contains("*.*");
        }
        Kubectl.Result jane = withToken("jane-token").run("auth", "whoami");
        assertThat(jane.out()).as(jane.toString()).contains("jane").contains("developers");
        Kubectl.Result no = withToken("jane-token").run("auth", "can-i", "create", "pods");
        assertThat(no.exitCode()).as(no.toString()).isEqualTo(1);
        assertThat(no.out().trim()).isEqualTo("no");
        Kubectl.Result review = server.kubectl(null).input("""
                apiVersion: authentication.k8s.io/v1
                kind: TokenReview
                spec: {token: jane-token}
                """, "create", "-f", "-", "-o", "jsonpath={.status.authenticated} {.status.user.username}");
        assertThat(review.out()).as(review.toString()).isEqualTo("true jane");
        Kubectl.Result someoneElse = server.kubectl(null).input("""
                apiVersion: authorization.k8s.io/v1
                kind: SubjectAccessReview
                spec:
                  user: jane
                  groups: [developers]
                  resourceAttributes: {verb: get, resource: pods, namespace: default}
                """, "create", "-f", "-", "-o", "jsonpath={.status.allowed}");
        assertThat(someoneElse.out()).as(someoneElse.toString()).isEqualTo("false");
    }

    @Test
    void anonymousRequestsAreForbiddenButHealthIsOpen() throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (var in = Files.newInputStream(server.dataDir().resolve("server/tls/ca.crt"))) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(
                TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        try (HttpClient http = HttpClient.newBuilder().sslContext(tls).build()) {
            String base = "https://127.0.0.1:" + server.port();
            HttpResponse<String> pods = http.send(HttpRequest.newBuilder(
                    URI.create(base + "/api/v1/pods")).build(), HttpResponse.BodyHandlers.ofString());
            // --anonymous-auth is on by default, as upstream; RBAC lets anonymous users read
            // only the health and version endpoints
            assertThat(pods.statusCode()).isEqualTo(403);
            assertThat(pods.body()).contains("\"kind\":\"Status\"").contains("\"reason\":\"Forbidden\"")
                    .contains("User \\\"system:anonymous\\\" cannot list resource \\\"pods\\\"");
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create(base + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("ok");
            HttpResponse<String> version = http.send(HttpRequest.newBuilder(
                    URI.create(base + "/version")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(version.body()).contains("\"gitVersion\"");
        }
    }
}
