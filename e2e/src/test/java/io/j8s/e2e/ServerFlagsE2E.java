package io.j8s.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.apiserver.pki.ClientCredentials;
import io.j8s.apiserver.pki.ClusterPki;
import io.j8s.testkit.Directories;
import io.j8s.testkit.Kubectl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Upstream's server flags on a real {@code j8s server}, driven with kubectl: admission plugins
 * chosen as upstream's own command tests choose them, {@code --authorization-mode},
 * {@code --anonymous-auth} and {@code --client-ca-file}, against a server left at its defaults.
 */
class ServerFlagsE2E {
    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: lone}
            spec:
              containers: [{name: c, image: busybox:1}]
            """;

    private static Path outside;
    private static Path tokens;
    private static ClientCredentials outsider;
    private static ClusterPki otherCa;
    private static RunningServer flagged;
    private static RunningServer plain;

    @BeforeAll
    static void start() throws Exception {
        outside = Files.createTempDirectory("j8s-other-ca");
        otherCa = ClusterPki.loadOrCreate(outside, List.of("localhost"), List.of("127.0.0.1"));
        outsider = otherCa.clientCredentials("outsider", List.of("partners"));
        Files.createFile(outside.resolve("empty-kubeconfig"));
        tokens = outside.resolve("tokens.csv");
        Files.writeString(tokens, "jane-token,jane,1002,\"developers\"\n");
        flagged = RunningServer.start("--token-file", tokens.toString(),
                "--enable-admission-plugins=LimitRanger,ResourceQuota",
                "--disable-admission-plugins=ServiceAccount,NamespaceLifecycle,NodeRestriction,"
                        + "MutatingAdmissionWebhook,ValidatingAdmissionWebhook,DefaultStorageClass,"
                        + "DefaultTolerationSeconds,Priority,PodSecurity",
                "--authorization-mode=AlwaysAllow", "--anonymous-auth=true",
                "--client-ca-file", otherCa.caCertFile().toString());
        plain = RunningServer.start("--token-file", tokens.toString());
    }

    @AfterAll
    static void stop() {
        for (RunningServer s : new RunningServer[] {flagged, plain}) {
            if (s != null) {
                s.close();
            }
        }
        Directories.deleteRecursively(outside);
    }

    /** kubectl against {@code server} with the server's CA and the given credentials only. */
    private static Kubectl as(RunningServer server, String... credentials) {
        List<String> flags = new java.util.ArrayList<>(List.of(
                "--kubeconfig", outside.resolve("empty-kubeconfig").toString(),
                "--cache-dir", outside.resolve("kubectl-cache").toString(), "--server", "https://127.0.0.1:" + server.port(),
                "--certificate-authority", server.dataDir().resolve("server/tls/ca.crt").toString()));
        flags.addAll(List.of(credentials));
        return Kubectl.installed().with(flags.toArray(String[]::new));
    }

    private static String[] outsiderCert() {
        return new String[] {"--client-certificate", outsider.certFile().toString(),
                "--client-key", outsider.keyFile().toString()};
    }

    @Test
    void onlyTheEnabledAdmissionPluginsRun() {
        Kubectl admin = flagged.kubectl(null);
        // NamespaceLifecycle off: a namespace that does not exist takes the pod
        Kubectl.ok(admin.input(POD, "create", "-n", "ghost", "-f", "-"));
        String pod = Kubectl.ok(admin.run("get", "pod", "lone", "-n", "ghost", "-o", "json")).out();
        assertThat(pod).as("ServiceAccount off").doesNotContain("serviceAccountName")
                .as("DefaultTolerationSeconds off").doesNotContain("tolerationSeconds");
        // ResourceQuota stays on
        Kubectl.ok(admin.run("create", "quota", "none", "--hard=pods=0", "-n", "default"));
        Kubectl.Result refused = admin.input(POD, "create", "-n", "default", "-f", "-");
        assertThat(refused.ok()).isFalse();
        assertThat(refused.err()).contains("exceeded quota: none");

        Kubectl.Result lifecycle = plain.kubectl(null).input(POD, "create", "-n", "ghost", "-f",
                "-");
        assertThat(lifecycle.ok()).isFalse();
        assertThat(lifecycle.err()).contains("namespaces \"ghost\" not found");
        String defaulted = Kubectl.ok(plain.kubectl(null).input(POD, "create", "-n", "default",
                "-f", "-", "-o", "json")).out();
        assertThat(defaulted).contains("\"serviceAccountName\": \"default\"")
                .contains("\"tolerationSeconds\": 300");
    }

    @Test
    void alwaysAllowLetsEveryUserInAndAnonymousAuthTheUnauthenticated() throws Exception {
        assertThat(Kubectl.ok(as(flagged, "--token", "jane-token").run("get", "ns", "-o",
                "name")).out()).contains("namespace/default");
        try (HttpClient http = HttpClient.newBuilder().sslContext(trusting(flagged)).build()) {
            String base = "https://127.0.0.1:" + flagged.port();
            HttpResponse<String> whoami = http.send(HttpRequest.newBuilder(URI.create(base
                    + "/apis/authentication.k8s.io/v1/selfsubjectreviews"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"apiVersion\":"
                            + "\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(whoami.statusCode()).as(whoami.body()).isEqualTo(201);
            assertThat(whoami.body()).contains("\"username\":\"system:anonymous\"")
                    .contains("system:unauthenticated");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/namespaces"))
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }

        Kubectl.Result jane = as(plain, "--token", "jane-token").run("get", "ns");
        assertThat(jane.ok()).isFalse();
        assertThat(jane.err()).contains("User \"jane\" cannot list resource \"namespaces\"");
        Kubectl.Result badToken = as(plain, "--token", "wrong").run("get", "--raw", "/healthz");
        assertThat(badToken.ok()).isFalse();
        assertThat(badToken.err()).contains("Unauthorized");
    }

    private static SSLContext trusting(RunningServer server) throws Exception {
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
        return tls;
    }

    @Test
    void clientCertificatesOfTheExtraCaAreAccepted() {
        assertThat(Kubectl.ok(as(flagged, outsiderCert()).run("auth", "whoami")).out())
                .contains("outsider").contains("partners");
        assertThat(as(plain, outsiderCert()).run("auth", "whoami").ok()).isFalse();
    }
}
