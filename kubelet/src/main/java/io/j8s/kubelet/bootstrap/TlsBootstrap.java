package io.j8s.kubelet.bootstrap;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Upstream's kubelet TLS bootstrap with a j8s join token. The agent
 * <ol>
 * <li>reads the cluster CA from the server's TLS handshake and checks it against the token's hash;
 * <li>makes a client key and asks, as the bootstrap token's user, for a
 *     {@code kubernetes.io/kube-apiserver-client-kubelet} certificate for
 *     {@code CN=system:node:NAME, O=system:nodes}; the server's approver and signer answer it;
 * <li>writes DATA_DIR/agent/kubelet.kubeconfig (0600) with that certificate and the CA;
 * <li>makes a serving key and asks, now as the node, for a {@code kubernetes.io/kubelet-serving}
 *     certificate for its names and addresses.
 * </ol>
 * Private keys stay on this machine. A second run finds the credentials and reuses them while
 * the client certificate is valid and its CA is the token's.
 */
public final class TlsBootstrap {
    private static final Logger LOG = Logger.getLogger("io.j8s.kubelet.bootstrap");
    static final String CLIENT_SIGNER = "kubernetes.io/kube-apiserver-client-kubelet";
    static final String SERVING_SIGNER = "kubernetes.io/kubelet-serving";
    private static final Duration RENEW_BEFORE = Duration.ofHours(1);

    private final URI server;
    private final JoinToken token;
    private final Path agentDir;
    private final String nodeName;
    private final List<String> dnsNames;
    private final List<String> ipAddresses;
    private final Duration timeout;
    private final Clock clock = Clock.systemUTC();

    /**
     * @param server {@code https://HOST:PORT} of the API server
     * @param agentDir DATA_DIR/agent
     * @param dnsNames the serving certificate's DNS names (the node name, the host name)
     * @param ipAddresses the serving certificate's IP addresses (the node's addresses)
     * @param timeout how long to wait for each certificate to be signed
     */
    public TlsBootstrap(URI server, JoinToken token, Path agentDir, String nodeName,
            List<String> dnsNames, List<String> ipAddresses, Duration timeout) {
        this.server = Objects.requireNonNull(server);
        this.token = Objects.requireNonNull(token);
        this.agentDir = Objects.requireNonNull(agentDir);
        this.nodeName = Objects.requireNonNull(nodeName);
        this.dnsNames = List.copyOf(dnsNames);
        this.ipAddresses = List.copyOf(ipAddresses);
        this.timeout = timeout;
    }

    /**
     * The node's credentials: those stored under the agent dir when still good, else new ones.
     *
     * @throws IllegalStateException with a message for the user when the server cannot be
     *     reached, its CA is not the token's, the token is refused, or a request is denied or
     *     not signed in time
     */
    public NodeCredentials credentials() {
        NodeCredentials stored = NodeCredentials.under(agentDir, nodeName, server.toString());
        if (reusable(stored)) {
            LOG.info("using the node credentials in " + agentDir + " (" + stored.kubeconfig()
                    + ")");
            return stored;
        }
        X509Certificate ca = ServerCa.fetch(server, token.caHash());
        String caPem = pem(ca);
        try {
            Files.createDirectories(agentDir);
            Files.setPosixFilePermissions(agentDir, PosixFilePermissions.fromString("rwx------"));
            write(stored.caFile(), caPem, "rw-r--r--");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + agentDir + ": " + e.getMessage(), e);
        }
        KeyPair clientKeys = CertificateRequests.rsa();
        String clientCert;
        try (KubernetesClient bootstrap = client(caPem, c -> c.withOauthToken(token.bearerToken()))) {
            clientCert = requestCertificate(bootstrap, CLIENT_SIGNER,
                    CertificateRequests.request(clientKeys, nodeName, List.of(), List.of()),
                    List.of("digital signature", "key encipherment", "client auth"),
                    "the join token");
        }
        String clientKeyPem = CertificateRequests.pem(clientKeys.getPrivate());
        write(stored.clientKeyFile(), clientKeyPem, "rw-------");
        write(stored.clientCertFile(), clientCert, "rw-r--r--");
        write(stored.kubeconfig(), kubeconfig(caPem, clientCert, clientKeyPem), "rw-------");
        LOG.info("node client certificate for system:node:" + nodeName + " written to "
                + stored.kubeconfig());

        KeyPair servingKeys = CertificateRequests.ec();
        String servingCert;
        try (KubernetesClient node = client(caPem, c -> c
                .withClientCertData(b64(clientCert)).withClientKeyData(b64(clientKeyPem))
                .withClientKeyAlgo("RSA"))) {
            servingCert = requestCertificate(node, SERVING_SIGNER,
                    CertificateRequests.request(servingKeys, nodeName, dnsNames, ipAddresses),
                    List.of("digital signature", "server auth"), "the node's client certificate");
        }
        write(stored.servingKeyFile(), CertificateRequests.pem(servingKeys.getPrivate()),
                "rw-------");
        write(stored.servingCertFile(), servingCert, "rw-r--r--");
        LOG.info("kubelet serving certificate for " + dnsNames + " " + ipAddresses
                + " written to " + stored.servingCertFile());
        return stored;
    }

    private boolean reusable(NodeCredentials c) {
        for (Path p : List.of(c.kubeconfig(), c.clientCertFile(), c.clientKeyFile(),
                c.servingCertFile(), c.servingKeyFile(), c.caFile())) {
            if (!Files.isRegularFile(p)) {
                return false;
            }
        }
        try {
            X509Certificate ca = certificate(Files.readString(c.caFile()));
            X509Certificate client = certificate(Files.readString(c.clientCertFile()));
            X509Certificate serving = certificate(Files.readString(c.servingCertFile()));
            if (!JoinToken.caHash(ca).equals(token.caHash())) {
                LOG.info("the stored node credentials are for another CA: joining again");
                return false;
            }
            var renewBy = clock.instant().plus(RENEW_BEFORE);
            if (client.getNotAfter().toInstant().isBefore(renewBy)
                    || serving.getNotAfter().toInstant().isBefore(renewBy)) {
                LOG.info("the stored node certificates expire soon: joining again");
                return false;
            }
            return client.getSubjectX500Principal().getName().contains("CN=system:node:"
                    + nodeName);
        } catch (IOException | RuntimeException e) {
            LOG.info("the stored node credentials are unreadable (" + e.getMessage()
                    + "): joining again");
            return false;
        }
    }

    private String requestCertificate(KubernetesClient client, String signer, String request,
            List<String> usages, String credential) {
        CertificateSigningRequest created;
        try {
            created = client.certificates().v1().certificateSigningRequests().resource(
                    new CertificateSigningRequestBuilder().withNewMetadata().withGenerateName("csr-")
                            .endMetadata().withNewSpec().withSignerName(signer)
                            .withRequest(b64(request)).withUsages(usages).endSpec().build())
                    .create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 401) {
                throw new IllegalStateException("the server at " + server + " refused "
                        + credential + " (401 Unauthorized): check --token; it is in"
                        + " DATA_DIR/server/node-token on the server", e);
            }
            if (e.getCode() == 403) {
                throw new IllegalStateException("the server at " + server + " does not let "
                        + credential + " request certificates: " + message(e), e);
            }
            throw new IllegalStateException("cannot request a certificate from " + server + ": "
                    + message(e), e);
        }
        String name = created.getMetadata().getName();
        LOG.info("requested a " + signer + " certificate: certificatesigningrequest " + name);
        CertificateSigningRequest done;
        try {
            done = client.certificates().v1().certificateSigningRequests().withName(name)
                    .waitUntilCondition(c -> c == null || decided(c), timeout.toMillis(),
                            TimeUnit.MILLISECONDS);
        } catch (KubernetesClientException e) {
            throw new IllegalStateException("certificatesigningrequest " + name + " was not"
                    + " signed within " + timeout.toSeconds() + " s: is the server's controller"
                    + " manager running? (" + message(e) + ")", e);
        }
        if (done == null) {
            throw new IllegalStateException("certificatesigningrequest " + name + " was deleted"
                    + " before it was signed");
        }
        CertificateSigningRequestCondition refusal = condition(done, "Denied");
        if (refusal == null) {
            refusal = condition(done, "Failed");
        }
        if (refusal != null) {
            throw new IllegalStateException("certificatesigningrequest " + name + " "
                    + refusal.getType().toLowerCase(java.util.Locale.ROOT) + ": "
                    + refusal.getReason() + ": " + refusal.getMessage());
        }
        String pem = new String(Base64.getDecoder().decode(done.getStatus().getCertificate()),
                StandardCharsets.US_ASCII);
        certificate(pem);
        return pem;
    }

    private static boolean decided(CertificateSigningRequest csr) {
        return csr.getStatus() != null && (csr.getStatus().getCertificate() != null
                && !csr.getStatus().getCertificate().isEmpty()
                || condition(csr, "Denied") != null || condition(csr, "Failed") != null);
    }

    private static CertificateSigningRequestCondition condition(CertificateSigningRequest csr,
            String type) {
        if (csr.getStatus() == null || csr.getStatus().getConditions() == null) {
            return null;
        }
        return csr.getStatus().getConditions().stream().filter(c -> type.equals(c.getType()))
                .findFirst().orElse(null);
    }

    private KubernetesClient client(String caPem,
            java.util.function.UnaryOperator<ConfigBuilder> credentials) {
        Config config = credentials.apply(new ConfigBuilder(Config.empty())
                .withMasterUrl(server.toString()).withCaCertData(b64(caPem))
                .withRequestRetryBackoffLimit(0)).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private String kubeconfig(String caPem, String certPem, String keyPem) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: j8s
                  cluster:
                    server: %s
                    certificate-authority-data: %s
                users:
                - name: system:node:%s
                  user:
                    client-certificate-data: %s
                    client-key-data: %s
                contexts:
                - name: j8s
                  context:
                    cluster: j8s
                    user: system:node:%s
                current-context: j8s
                """.formatted(server, b64(caPem), nodeName, b64(certPem), b64(keyPem), nodeName);
    }

    private static void write(Path file, String content, String mode) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString(mode)));
            Files.writeString(tmp, content, StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static X509Certificate certificate(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("not a PEM certificate: " + e.getMessage(), e);
        }
    }

    private static String pem(X509Certificate cert) {
        try {
            return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                    .encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static String message(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage() : e.getMessage();
    }
}
