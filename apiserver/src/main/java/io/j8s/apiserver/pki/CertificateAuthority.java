package io.j8s.apiserver.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The cluster CA: an EC P-256 key and a self-signed certificate valid for ten years, and the
 * leaf certificates it signs (one year, like kubeadm's and k3s's). Every certificate is backdated
 * a few minutes so that a peer whose clock is slightly behind still accepts it.
 */
final class CertificateAuthority {
    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    static final Duration LEAF_VALIDITY = Duration.ofDays(365);
    private static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final String SIGNATURE = "SHA256withECDSA";

    private final CertifiedKey ca;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    CertificateAuthority(CertifiedKey ca, Clock clock) {
        this.ca = ca;
        this.clock = clock;
    }

    static CertificateAuthority create(Clock clock) {
        try {
            KeyPair keys = newKeyPair();
            Instant now = clock.instant();
            X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.CN, "j8s-ca@" + now.getEpochSecond()).build();
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    serial(new SecureRandom()), Date.from(now.minus(BACKDATE)),
                    Date.from(now.plus(CA_VALIDITY)), name, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(
                            KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            ext.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate cert = sign(builder, keys.getPrivate());
            return new CertificateAuthority(new CertifiedKey(cert, keys.getPrivate()), clock);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot create the cluster CA: " + e.getMessage(), e);
        }
    }

    CertifiedKey ca() {
        return ca;
    }

    X509Certificate certificate() {
        return ca.certificate();
    }

    /** A certificate for the API server's TLS listener. */
    CertifiedKey issueServing(String commonName, SubjectAltNames sans) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        return issue(subject, KeyPurposeId.id_kp_serverAuth, sans);
    }

    /** A client certificate: {@code O=} each group, then {@code CN=user}, as Kubernetes reads it. */
    CertifiedKey issueClient(String user, List<String> groups) {
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
        groups.forEach(g -> subject.addRDN(BCStyle.O, g));
        subject.addRDN(BCStyle.CN, user);
        return issue(subject.build(), KeyPurposeId.id_kp_clientAuth, null);
    }

    /** Whether this CA signed {@code certificate}. */
    boolean signed(X509Certificate certificate) {
        try {
            certificate.verify(ca.certificate().getPublicKey());
            return certificate.getIssuerX500Principal().equals(ca.certificate().getSubjectX500Principal());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private CertifiedKey issue(X500Name subject, KeyPurposeId purpose, SubjectAltNames sans) {
        try {
            // Client keys are RSA: some clients (fabric8) read a PKCS#8 key as RSA unless the
            // kubeconfig names another algorithm; servers and the CA keep EC P-256.
            KeyPair keys = purpose.equals(KeyPurposeId.id_kp_clientAuth)
                    ? newRsaKeyPair() : newKeyPair();
            Instant now = clock.instant();
            Instant notAfter = min(now.plus(LEAF_VALIDITY), ca.certificate().getNotAfter().toInstant());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(),
                    serial(random), Date.from(now.minus(BACKDATE)), Date.from(notAfter),
                    subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            ext.createAuthorityKeyIdentifier(ca.certificate()));
            if (sans != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, sans.toGeneralNames());
            }
            return new CertifiedKey(sign(builder, ca.key()), keys.getPrivate());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot issue a certificate for " + subject + ": "
                    + e.getMessage(), e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static KeyPair newRsaKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    /** A positive random serial of 127 bits: unique without bookkeeping, as RFC 5280 asks. */
    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(127, random).add(BigInteger.ONE);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
