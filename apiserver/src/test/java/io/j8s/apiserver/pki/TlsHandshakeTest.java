package io.j8s.apiserver.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.apiserver.authn.Authenticator;
import io.j8s.apiserver.authn.RequestCredentials;
import io.j8s.apiserver.authn.UserInfo;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certificates in a real TLS handshake: a Vert.x HTTPS server with the serving certificate,
 * and the real kubectl connecting with the kubeconfig j8s writes.
 */
class TlsHandshakeTest {
    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");

    @TempDir
    Path dir;

    private Vertx vertx;
    private ClusterPki pki;
    private int port;

    @BeforeEach
    void startServer() throws Exception {
        pki = ClusterPki.loadOrCreate(dir.resolve("tls"), List.of("localhost", "kubernetes"),
                List.of("127.0.0.1", "::1"));
        Authenticator authenticator = Authenticator.x509(pki.caCertificate());
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer(new HttpServerOptions()
                .setSsl(true)
                .setHost("127.0.0.1")
                .setPort(0)
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setCertPath(pki.servingCertFile().toString())
                        .setKeyPath(pki.servingKeyFile().toString()))
                .setTrustOptions(new PemTrustOptions().addCertPath(pki.caCertFile().toString()))
                .setClientAuth(ClientAuth.REQUEST));
        server.requestHandler(request -> {
            Optional<UserInfo> user = authenticator.authenticate(
                    new RequestCredentials(peerChain(request), request.getHeader("Authorization")));
            request.response().end(user.map(u -> "user=" + u.name() + " groups=" + u.groups())
                    .orElse("anonymous"));
        });
        port = server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .actualPort();
    }

    @AfterEach
    void stopServer() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void kubectlWithTheAdminKubeconfigIsSeenAsSystemAdmin() throws Exception {
        ClientCredentials admin = pki.clientCredentials("system:admin", List.of("system:masters"));
        Path kubeconfig = dir.resolve("kubeconfig.yaml");
        pki.writeKubeconfig(kubeconfig, "https://127.0.0.1:" + port, admin);

        Result result = kubectl(kubeconfig, "get", "--raw", "/whoami");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("user=system:admin groups=[system:masters, system:authenticated]");
    }

    @Test
    void kubectlReachesTheServerByAnyOfItsNames() throws Exception {
        ClientCredentials node = pki.clientCredentials("system:node:n1", List.of("system:nodes"));
        Path kubeconfig = dir.resolve("node.yaml");
        pki.writeKubeconfig(kubeconfig, "https://localhost:" + port, node);

        Result result = kubectl(kubeconfig, "get", "--raw", "/whoami");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("user=system:node:n1 groups=[system:nodes, system:authenticated]");
    }

    @Test
    void kubectlRefusesAServerSignedByAnotherCa() throws Exception {
        ClusterPki other = ClusterPki.loadOrCreate(dir.resolve("other-tls"), List.of("localhost"),
                List.of("127.0.0.1"));
        Path kubeconfig = dir.resolve("other.yaml");
        other.writeKubeconfig(kubeconfig, "https://127.0.0.1:" + port,
                other.clientCredentials("system:admin", List.of("system:masters")));

        Result result = kubectl(kubeconfig, "get", "--raw", "/whoami");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("certificate signed by unknown authority");
    }

    private record Result(int exitCode, String output) {}

    private Result kubectl(Path kubeconfig, String... args) throws Exception {
        assertThat(KUBECTL).as("kubectl is installed").isExecutable();
        List<String> command = new ArrayList<>(List.of(KUBECTL.toString(),
                "--kubeconfig", kubeconfig.toString(), "--cache-dir", dir.resolve("cache").toString(),
                "--request-timeout", "20s"));
        command.addAll(List.of(args));
        Path out = dir.resolve("kubectl.out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl finished").isTrue();
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    private static List<X509Certificate> peerChain(HttpServerRequest request) {
        try {
            List<Certificate> chain = request.connection().peerCertificates();
            return chain == null ? List.of()
                    : chain.stream().map(X509Certificate.class::cast).toList();
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }
}
