package io.j8s.apiserver.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterPkiTest {
    static final List<String> DNS = List.of("localhost", "myhost", "kubernetes", "kubernetes.default",
            "kubernetes.default.svc", "kubernetes.default.svc.cluster.local");
    static final List<String> IPS = List.of("127.0.0.1", "::1", "10.43.0.1", "192.168.1.20");
    static final Instant T0 = Instant.parse("2025-06-01T00:00:00Z");

    @TempDir
    Path dataDir;

    Path tls() {
        return dataDir.resolve("server/tls");
    }

    static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    @Test
    void firstStartCreatesACaAndAServingCertificateItSigned() throws Exception {
        ClusterPki pki = ClusterPki.loadOrCreate(tls(), DNS, IPS);

        X509Certificate serving = read(pki.servingCertFile());
        assertThat(chainVerifies(serving, pki.caCertificate())).isTrue();
        assertThat(read(pki.caCertFile())).isEqualTo(pki.caCertificate());
        assertThat(pki.caCertificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(Duration.between(pki.caCertificate().getNotBefore().toInstant(),
                pki.caCertificate().getNotAfter().toInstant())).isGreaterThan(Duration.ofDays(3649));
        assertThat(serving.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
        assertThat(sans(serving, 2)).containsAll(DNS);
        assertThat(sans(serving, 7)).contains("127.0.0.1", "10.43.0.1", "192.168.1.20", "0:0:0:0:0:0:0:1");
        assertThat(Files.readString(pki.servingKeyFile())).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void keysAndTheDirectoryAreOwnerOnly() throws Exception {
        ClusterPki pki = ClusterPki.loadOrCreate(tls(), DNS, IPS);
        ClientCredentials admin = pki.clientCredentials("system:admin", List.of("system:masters"));

        for (Path key : List.of(tls().resolve("ca.key"), pki.servingKeyFile(), admin.keyFile())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                    .as(key.toString()).isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls())))
                .isEqualTo("rwx------");
    }

    @Test
    void aSecondStartReusesEveryFileByteForByte() throws Exception {
        ClusterPki first = ClusterPki.loadOrCreate(tls(), DNS, IPS);
        first.clientCredentials("system:admin", List.of("system:masters"));
        List<byte[]> before = contents();

        ClusterPki second = ClusterPki.loadOrCreate(tls(), DNS, List.of("0:0:0:0:0:0:0:1", "127.0.0.1"));
        second.clientCredentials("system:admin", List.of("system:masters"));

        assertThat(contents()).zipSatisfy(before, (now, then) -> assertThat(now).isEqualTo(then));
        assertThat(second.caCertificate()).isEqualTo(first.caCertificate());
    }

    @Test
    void aNewSanReissuesTheServingCertificateWithTheSameCa() throws Exception {
        ClusterPki first = ClusterPki.loadOrCreate(tls(), DNS, IPS);
        byte[] ca = Files.readAllBytes(first.caCertFile());
        byte[] serving = Files.readAllBytes(first.servingCertFile());

        List<String> moreIps = new ArrayList<>(IPS);
        moreIps.add("192.168.1.21");
        ClusterPki second = ClusterPki.loadOrCreate(tls(), DNS, moreIps);

        assertThat(Files.readAllBytes(second.caCertFile())).isEqualTo(ca);
        assertThat(Files.readAllBytes(second.servingCertFile())).isNotEqualTo(serving);
        X509Certificate reissued = read(second.servingCertFile());
        assertThat(sans(reissued, 7)).contains("192.168.1.21", "192.168.1.20");
        assertThat(chainVerifies(reissued, first.caCertificate())).isTrue();
    }

    @Test
    void aServingCertificateThatExpiresWithin30DaysIsReissued() throws Exception {
        ClusterPki.loadOrCreate(tls(), DNS, IPS, at(T0));
        Path servingFile = tls().resolve("serving-kube-apiserver.crt");
        byte[] original = Files.readAllBytes(servingFile);

        ClusterPki.loadOrCreate(tls(), DNS, IPS, at(T0.plus(Duration.ofDays(300))));
        assertThat(Files.readAllBytes(servingFile)).isEqualTo(original);

        ClusterPki.loadOrCreate(tls(), DNS, IPS, at(T0.plus(Duration.ofDays(340))));
        assertThat(Files.readAllBytes(servingFile)).isNotEqualTo(original);
        assertThat(read(servingFile).getNotAfter().toInstant()).isAfter(T0.plus(Duration.ofDays(700)));
    }

    @Test
    void clientCertificatesNameTheUserAndGroupsAndAreForClientAuth() throws Exception {
        ClusterPki pki = ClusterPki.loadOrCreate(tls(), DNS, IPS);
        ClientCredentials node = pki.clientCredentials("system:node:worker-1", List.of("system:nodes"));
        ClientCredentials multi = pki.clientCredentials("alice", List.of("dev", "ops"));

        assertThat(node.certFile().getFileName().toString()).isEqualTo("client-system-node-worker-1.crt");
        assertThat(node.keyFile().getFileName().toString()).isEqualTo("client-system-node-worker-1.key");
        X509Certificate cert = read(node.certFile());
        assertThat(chainVerifies(cert, pki.caCertificate())).isTrue();
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(ClusterPki.subjectValues(cert, BCStyle.CN))
                .containsExactly("system:node:worker-1");
        assertThat(ClusterPki.subjectValues(read(multi.certFile()), BCStyle.O))
                .containsExactly("dev", "ops");
    }

    @Test
    void kubeletServingCertificatesChainToTheCaCarryTheNodeIpAndAreReused() throws Exception {
        ClusterPki pki = ClusterPki.loadOrCreate(tls(), DNS, IPS);
        CertificateFiles first = pki.kubeletServing("node-1", List.of("node-1"),
                List.of("192.168.1.21"));
        X509Certificate cert = read(first.certFile());
        assertThat(chainVerifies(cert, pki.caCertificate())).isTrue();
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=system:node:node-1");
        assertThat(cert.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
        assertThat(cert.getSubjectAlternativeNames()).extracting(n -> (Object) n.get(1))
                .contains("node-1", "192.168.1.21");
        byte[] bytes = Files.readAllBytes(first.certFile());
        assertThat(Files.readAllBytes(pki.kubeletServing("node-1", List.of("node-1"),
                List.of("192.168.1.21")).certFile())).isEqualTo(bytes);
        // A new node IP re-issues it.
        X509Certificate moved = read(pki.kubeletServing("node-1", List.of("node-1"),
                List.of("192.168.1.22")).certFile());
        assertThat(moved.getSubjectAlternativeNames()).extracting(n -> (Object) n.get(1))
                .contains("192.168.1.22");
    }

    @Test
    void clientCredentialsAreReusedOnlyForTheSameSubject() throws Exception {
        ClusterPki pki = ClusterPki.loadOrCreate(tls(), DNS, IPS);
        ClientCredentials first = pki.clientCredentials("bob", List.of("dev"));
        byte[] cert = Files.readAllBytes(first.certFile());

        pki.clientCredentials("bob", List.of("dev"));
        assertThat(Files.readAllBytes(first.certFile())).isEqualTo(cert);

        ClientCredentials moved = pki.clientCredentials("bob", List.of("dev", "ops"));
        assertThat(moved.certFile()).isEqualTo(first.certFile());
        assertThat(ClusterPki.subjectValues(read(moved.certFile()), BCStyle.O))
                .containsExactly("dev", "ops");
    }

    @Test
    void theKubeconfigEmbedsTheCaAndTheClientCredentials() throws Exception {
        ClusterPki pki = ClusterPki.loadOrCreate(tls(), DNS, IPS);
        ClientCredentials admin = pki.clientCredentials("system:admin", List.of("system:masters"));
        Path file = dataDir.resolve("kubeconfig.yaml");

        pki.writeKubeconfig(file, "https://127.0.0.1:6443", admin);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        JsonNode config = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        assertThat(config.path("current-context").asText()).isEqualTo("j8s");
        assertThat(config.at("/contexts/0/name").asText()).isEqualTo("j8s");
        assertThat(config.at("/contexts/0/context/cluster").asText()).isEqualTo("j8s");
        assertThat(config.at("/contexts/0/context/user").asText()).isEqualTo("system:admin");
        assertThat(config.at("/clusters/0/cluster/server").asText()).isEqualTo("https://127.0.0.1:6443");
        assertThat(decode(config.at("/clusters/0/cluster/certificate-authority-data")))
                .isEqualTo(Files.readString(pki.caCertFile()));
        assertThat(config.at("/users/0/name").asText()).isEqualTo("system:admin");
        assertThat(decode(config.at("/users/0/user/client-certificate-data")))
                .isEqualTo(Files.readString(admin.certFile()));
        assertThat(decode(config.at("/users/0/user/client-key-data")))
                .isEqualTo(Files.readString(admin.keyFile()));

        Config fabric8 = Config.fromKubeconfig(Files.readString(file));
        assertThat(fabric8.getMasterUrl()).startsWith("https://127.0.0.1:6443");
        assertThat(fabric8.getClientCertData()).isNotEmpty();
    }

    @Test
    void aCaWithoutItsKeyStopsTheStartWithAClearMessage() throws Exception {
        ClusterPki.loadOrCreate(tls(), DNS, IPS);
        Files.delete(tls().resolve("ca.key"));

        assertThatThrownBy(() -> ClusterPki.loadOrCreate(tls(), DNS, IPS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ca.key")
                .hasMessageContaining("remove " + tls());
    }

    @Test
    void anExpiredCaStopsTheStartWithAClearMessage() {
        ClusterPki.loadOrCreate(tls(), DNS, IPS, at(T0));

        assertThatThrownBy(() -> ClusterPki.loadOrCreate(tls(), DNS, IPS, at(T0.plus(Duration.ofDays(3700)))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void anInvalidIpIsRejectedWithoutAskingDns() {
        assertThatThrownBy(() -> ClusterPki.loadOrCreate(tls(), DNS, List.of("example.com")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an IP address: 'example.com'");
    }

    private List<byte[]> contents() throws IOException {
        List<byte[]> all = new ArrayList<>();
        try (var files = Files.list(tls())) {
            for (Path p : files.sorted().toList()) {
                all.add(Files.readAllBytes(p));
            }
        }
        return all;
    }

    static X509Certificate read(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    static boolean chainVerifies(X509Certificate leaf, X509Certificate ca) throws Exception {
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX")
                .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), params);
        return true;
    }

    private static List<String> sans(X509Certificate cert, int type) throws Exception {
        Collection<List<?>> all = cert.getSubjectAlternativeNames();
        return all.stream().filter(n -> (Integer) n.get(0) == type).map(n -> (String) n.get(1)).toList();
    }

    private static String decode(JsonNode node) {
        return new String(Base64.getDecoder().decode(node.asText()), StandardCharsets.US_ASCII);
    }
}
