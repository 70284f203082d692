package io.j8s.apiserver.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.KeyPurposeId;

/**
 * The cluster's certificates in one directory ({@code <data-dir>/server/tls/}): the CA
 * ({@code ca.crt}, {@code ca.key}), the API server's serving certificate
 * ({@code serving-kube-apiserver.crt}, {@code .key}) and one {@code client-<user>.crt}/{@code .key}
 * per identity. The first start creates them; later starts reuse what is still good and re-issue
 * a leaf only when it is missing, broken, signed by another CA, expiring within 30 days, or (for
 * the serving certificate) lacks a wanted SAN. Keys are PKCS#8 PEM, mode 0600.
 */
public final class ClusterPki {
    private static final Logger LOG = Logger.getLogger("io.j8s.apiserver.pki");
    static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final String SERVING_NAME = "kube-apiserver";

    private final Path dir;
    private final CertificateAuthority ca;
    private final Clock clock;

    private ClusterPki(Path dir, CertificateAuthority ca, Clock clock) {
        this.dir = dir;
        this.ca = ca;
        this.clock = clock;
    }

    /**
     * Loads the CA and the serving certificate from {@code tlsDir}, creating what is missing.
     *
     * @param dnsNames DNS names the API server answers to (localhost, kubernetes.default.svc, ...)
     * @param ipAddresses IP literals it answers on (127.0.0.1, the service IP, node IPs)
     * @throws IllegalStateException if the CA on disk is unusable (expired, key missing or not its
     *     key): replacing it silently would lock out every client, so the message says what to do
     */
    public static ClusterPki loadOrCreate(Path tlsDir, List<String> dnsNames, List<String> ipAddresses) {
        return loadOrCreate(tlsDir, dnsNames, ipAddresses, Clock.systemUTC());
    }

    static ClusterPki loadOrCreate(Path tlsDir, List<String> dnsNames, List<String> ipAddresses,
            Clock clock) {
        SubjectAltNames wanted = SubjectAltNames.of(dnsNames, ipAddresses);
        try {
            createPrivateDirectory(tlsDir);
            ClusterPki pki = new ClusterPki(tlsDir, loadOrCreateCa(tlsDir, clock), clock);
            pki.ensureServing(wanted);
            return pki;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up certificates in " + tlsDir + ": "
                    + e.getMessage(), e);
        }
    }

    public Path caCertFile() {
        return dir.resolve("ca.crt");
    }

    /** The CA's private key (0600): for the controller manager's CSR signer only. */
    public Path caKeyFile() {
        return dir.resolve("ca.key");
    }

    public Path servingCertFile() {
        return dir.resolve("serving-" + SERVING_NAME + ".crt");
    }

    public Path servingKeyFile() {
        return dir.resolve("serving-" + SERVING_NAME + ".key");
    }

    /** The front-proxy CA ({@code front-proxy-ca.crt}), upstream's request-header CA. */
    public Path frontProxyCaCertFile() {
        return dir.resolve("front-proxy-ca.crt");
    }

    /**
     * The API server's client certificate toward aggregated API servers, as upstream's
     * {@code front-proxy-client.crt} ({@code CN=front-proxy-client}), signed by a CA of its own
     * ({@code front-proxy-ca.crt}); both created when missing, the certificate reissued when it
     * is not the CA's or expires within 30 days.
     */
    public synchronized CertificateFiles frontProxyClient() {
        Path certFile = dir.resolve("front-proxy-client.crt");
        Path keyFile = dir.resolve("front-proxy-client.key");
        try {
            CertificateAuthority frontProxyCa = loadOrCreateCa(dir, "front-proxy-ca", clock);
            boolean good = false;
            if (Files.exists(certFile) && Files.exists(keyFile)) {
                CertifiedKey pair = PemFiles.read(certFile, keyFile);
                good = pair.keyMatches() && frontProxyCa.signed(pair.certificate())
                        && pair.certificate().getNotAfter().toInstant()
                                .isAfter(clock.instant().plus(RENEW_BEFORE));
            }
            if (!good) {
                PemFiles.write(certFile, keyFile,
                        frontProxyCa.issueClient("front-proxy-client", List.of()));
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot set up the front-proxy client certificate in "
                    + dir + ": " + e.getMessage(), e);
        }
        return new CertificateFiles(certFile, keyFile);
    }

    public X509Certificate caCertificate() {
        return ca.certificate();
    }

    /**
     * A client certificate for {@code user} in {@code groups}, reused from disk when it is still
     * good and names exactly this user and these groups, issued otherwise.
     */
    public synchronized ClientCredentials clientCredentials(String user, List<String> groups) {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("a client certificate needs a user name");
        }
        String base = "client-" + user.replaceAll("[^A-Za-z0-9.-]", "-");
        Path certFile = dir.resolve(base + ".crt");
        Path keyFile = dir.resolve(base + ".key");
        try {
            String problem = problemWith(certFile, keyFile, cert -> {
                if (!user.equals(first(subjectValues(cert, BCStyle.CN)))
                        || !groups.equals(subjectValues(cert, BCStyle.O))) {
                    return "it names " + cert.getSubjectX500Principal().getName();
                }
                return hasPurpose(cert, KeyPurposeId.id_kp_clientAuth) ? null : "it is not for client auth";
            });
            if (problem != null) {
                PemFiles.write(certFile, keyFile, ca.issueClient(user, groups));
                LOG.fine(() -> "issued client certificate for " + user + " " + groups + ": " + problem);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write client certificate " + certFile + ": "
                    + e.getMessage(), e);
        }
        return new ClientCredentials(user, groups, certFile, keyFile);
    }

    /**
     * A serving certificate for the kubelet of node {@code nodeName} ({@code
     * CN=system:node:<name>}, for server auth, with these DNS names and IPs), reused from disk
     * while it is still good and covers them: {@code serving-kubelet-<node>.crt} and {@code .key}.
     * The API server trusts a kubelet whose certificate chains to the cluster CA.
     */
    public synchronized CertificateFiles kubeletServing(String nodeName, List<String> dnsNames,
            List<String> ipAddresses) {
        if (nodeName == null || nodeName.isBlank()) {
            throw new IllegalArgumentException("a kubelet serving certificate needs a node name");
        }
        SubjectAltNames wanted = SubjectAltNames.of(dnsNames, ipAddresses);
        String base = "serving-kubelet-" + nodeName.replaceAll("[^A-Za-z0-9.-]", "-");
        Path certFile = dir.resolve(base + ".crt");
        Path keyFile = dir.resolve(base + ".key");
        try {
            String problem = problemWith(certFile, keyFile, cert -> {
                SubjectAltNames missing = SubjectAltNames.of(cert).missing(wanted);
                return missing.isEmpty() ? null : "it lacks " + missing;
            });
            if (problem != null) {
                PemFiles.write(certFile, keyFile, ca.issueServing("system:node:" + nodeName,
                        wanted));
                LOG.fine(() -> "issued kubelet serving certificate for " + nodeName + " "
                        + wanted + ": " + problem);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write kubelet serving certificate " + certFile
                    + ": " + e.getMessage(), e);
        }
        return new CertificateFiles(certFile, keyFile);
    }

    /**
     * Writes a kubeconfig (cluster, user and context; the context is {@code j8s} and current)
     * that reaches {@code serverUrl} as {@code who}, with the CA and credentials embedded, atomically
     * and with mode 0600.
     */
    public void writeKubeconfig(Path file, String serverUrl, ClientCredentials who) {
        try {
            String yaml = Kubeconfig.render(serverUrl, who.user(),
                    PemFiles.pem(ca.certificate()),
                    Files.readString(who.certFile(), StandardCharsets.US_ASCII),
                    Files.readString(who.keyFile(), StandardCharsets.US_ASCII));
            AtomicFiles.write(file, yaml.getBytes(StandardCharsets.UTF_8), AtomicFiles.OWNER_ONLY);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write kubeconfig " + file + ": " + e.getMessage(), e);
        }
    }

    private void ensureServing(SubjectAltNames wanted) throws IOException {
        String problem = problemWith(servingCertFile(), servingKeyFile(), cert -> {
            SubjectAltNames missing = SubjectAltNames.of(cert).missing(wanted);
            return missing.isEmpty() ? null : "it lacks " + missing;
        });
        if (problem != null) {
            PemFiles.write(servingCertFile(), servingKeyFile(), ca.issueServing(SERVING_NAME, wanted));
            LOG.info("issued API server certificate for " + wanted + " (" + problem + ")");
        }
    }

    /** Why the leaf on disk cannot be reused, or null if it can. */
    private String problemWith(Path certFile, Path keyFile, Check check) throws IOException {
        if (!Files.exists(certFile) || !Files.exists(keyFile)) {
            return "first start";
        }
        CertifiedKey pair;
        try {
            pair = PemFiles.read(certFile, keyFile);
        } catch (IOException e) {
            return e.getMessage();
        }
        Files.setPosixFilePermissions(keyFile, AtomicFiles.OWNER_ONLY);
        X509Certificate cert = pair.certificate();
        if (!pair.keyMatches()) {
            return keyFile.getFileName() + " is not the key of " + certFile.getFileName();
        }
        if (!ca.signed(cert)) {
            return "it was signed by another CA";
        }
        if (cert.getNotAfter().toInstant().isBefore(clock.instant().plus(RENEW_BEFORE))) {
            return "it expires on " + cert.getNotAfter().toInstant();
        }
        return check.problem(cert);
    }

    private interface Check {
        String problem(X509Certificate certificate);
    }

    private static CertificateAuthority loadOrCreateCa(Path dir, Clock clock) throws IOException {
        return loadOrCreateCa(dir, "ca", clock);
    }

    private static CertificateAuthority loadOrCreateCa(Path dir, String base, Clock clock)
            throws IOException {
        Path certFile = dir.resolve(base + ".crt");
        Path keyFile = dir.resolve(base + ".key");
        String remedy = ": remove " + dir + " to start over with a new CA (every kubeconfig and"
                + " client certificate must then be handed out again)";
        if (!Files.exists(certFile)) {
            // No certificate means nothing was ever signed with a key that may be lying here.
            CertificateAuthority created = CertificateAuthority.create(clock);
            PemFiles.write(certFile, keyFile, created.ca());
            LOG.info("created cluster CA " + certFile);
            return created;
        }
        if (!Files.exists(keyFile)) {
            throw new IllegalStateException("found " + certFile + " but not its key " + keyFile + remedy);
        }
        CertifiedKey pair = PemFiles.read(certFile, keyFile);
        Files.setPosixFilePermissions(keyFile, AtomicFiles.OWNER_ONLY);
        if (!pair.keyMatches()) {
            throw new IllegalStateException(keyFile + " is not the key of " + certFile + remedy);
        }
        Instant notAfter = pair.certificate().getNotAfter().toInstant();
        if (!notAfter.isAfter(clock.instant())) {
            throw new IllegalStateException("the cluster CA " + certFile + " expired on " + notAfter + remedy);
        }
        if (notAfter.isBefore(clock.instant().plus(RENEW_BEFORE))) {
            LOG.warning("the cluster CA " + certFile + " expires on " + notAfter + remedy);
        }
        return new CertificateAuthority(pair, clock);
    }

    /**
     * Creates the directory if needed and makes it 0700 and every key in it 0600, on every start,
     * so that an install left readable by others is closed again.
     */
    private static void createPrivateDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        try (var keys = Files.newDirectoryStream(dir, "*.key")) {
            for (Path key : keys) {
                Files.setPosixFilePermissions(key, AtomicFiles.OWNER_ONLY);
            }
        }
    }

    /** The values of one attribute of a certificate's subject, in the order they are encoded. */
    static List<String> subjectValues(X509Certificate cert, ASN1ObjectIdentifier type) {
        List<String> values = new ArrayList<>();
        for (RDN rdn : X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()).getRDNs()) {
            for (AttributeTypeAndValue tv : rdn.getTypesAndValues()) {
                if (tv.getType().equals(type) && tv.getValue() instanceof ASN1String s) {
                    values.add(s.getString());
                }
            }
        }
        return values;
    }

    private static String first(List<String> values) {
        return values.isEmpty() ? null : values.get(0);
    }

    private static boolean hasPurpose(X509Certificate cert, KeyPurposeId purpose) {
        try {
            List<String> purposes = cert.getExtendedKeyUsage();
            return purposes != null && purposes.contains(purpose.getId());
        } catch (CertificateParsingException e) {
            return false;
        }
    }
}
