package io.j8s.apiserver.authn;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * x509 client certificates, as upstream's {@code --client-ca-file}: the peer's chain must verify
 * against the client CA now (the TLS handshake is not trusted to have checked it), and the leaf
 * must be usable for client authentication. The user is the subject's CN, the groups its O values.
 * A chain that verified is remembered until its first certificate expires (at most
 * {@value #REMEMBERED} chains), so that a client's every request does not repeat the path
 * validation; a chain that failed is checked again each time.
 */
final class X509Authenticator implements Authenticator {
    private static final Logger LOG = Logger.getLogger("io.j8s.apiserver.authn");
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_PURPOSE = "2.5.29.37.0";

    static final int REMEMBERED = 4096;

    private final X509Certificate ca;
    private final Clock clock;
    private final ConcurrentHashMap<List<X509Certificate>, Verified> verified =
            new ConcurrentHashMap<>();

    /** Who a chain that verified names, until {@code notAfterMillis}. */
    private record Verified(UserInfo user, long notAfterMillis) {}

    X509Authenticator(X509Certificate ca, Clock clock) {
        this.ca = ca;
        this.clock = clock;
    }

    @Override
    public Optional<UserInfo> authenticate(RequestCredentials credentials) {
        List<X509Certificate> chain = credentials.peerCertificates();
        if (chain.isEmpty()) {
            return Optional.empty();
        }
        long now = clock.millis();
        Verified known = verified.get(chain);
        if (known != null && now <= known.notAfterMillis()) {
            return Optional.of(known.user());
        }
        X509Certificate leaf = chain.get(0);
        if (!verifies(chain) || !allowsClientAuth(leaf)) {
            return Optional.empty();
        }
        List<String> names = values(leaf, BCStyle.CN);
        if (names.isEmpty() || names.get(0).isBlank()) {
            LOG.fine(() -> "client certificate without a common name: " + leaf.getSubjectX500Principal());
            return Optional.empty();
        }
        UserInfo user = UserInfo.authenticated(names.get(0), "", values(leaf, BCStyle.O));
        if (verified.size() >= REMEMBERED) {
            verified.clear();
        }
        long notAfter = chain.stream().mapToLong(c -> c.getNotAfter().getTime()).min()
                .orElse(now);
        verified.put(List.copyOf(chain), new Verified(user, notAfter));
        return Optional.of(user);
    }

    private boolean verifies(List<X509Certificate> chain) {
        // The CA itself is the trust anchor, not part of the path; a client that sends only the
        // CA's certificate has no path at all.
        List<X509Certificate> path = new ArrayList<>(chain);
        path.removeIf(ca::equals);
        if (path.isEmpty() || path.get(0) != chain.get(0)) {
            return false;
        }
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(clock.instant()));
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
            return true;
        } catch (GeneralSecurityException e) {
            LOG.fine(() -> "client certificate " + chain.get(0).getSubjectX500Principal()
                    + " rejected: " + e.getMessage());
            return false;
        }
    }

    /** No extended key usage at all means any use, as Go's x509 verifier treats it. */
    private static boolean allowsClientAuth(X509Certificate leaf) {
        try {
            List<String> purposes = leaf.getExtendedKeyUsage();
            return purposes == null || purposes.contains(CLIENT_AUTH) || purposes.contains(ANY_PURPOSE);
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    private static List<String> values(X509Certificate cert, ASN1ObjectIdentifier type) {
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
}
