package io.j8s.controllers.certificates;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The cluster CA as a signer of requests, read from its PEM certificate and key files: a
 * certificate carries the request's subject, key and subject alternative names, the usages the
 * CertificateSigningRequest asks for, and lives for the requested duration (or a year) no longer
 * than the CA, back-dated five minutes for clock skew, as upstream's local signer does.
 */
final class SigningAuthority {
    static final Duration DEFAULT_TTL = Duration.ofDays(365);
    static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final Map<String, Integer> KEY_USAGES = Map.ofEntries(
            Map.entry("signing", KeyUsage.digitalSignature),
            Map.entry("digital signature", KeyUsage.digitalSignature),
            Map.entry("content commitment", KeyUsage.nonRepudiation),
            Map.entry("key encipherment", KeyUsage.keyEncipherment),
            Map.entry("key agreement", KeyUsage.keyAgreement),
            Map.entry("data encipherment", KeyUsage.dataEncipherment),
            Map.entry("cert sign", KeyUsage.keyCertSign),
            Map.entry("crl sign", KeyUsage.cRLSign),
            Map.entry("encipher only", KeyUsage.encipherOnly),
            Map.entry("decipher only", KeyUsage.decipherOnly));
    private static final Map<String, KeyPurposeId> EXT_USAGES = Map.ofEntries(
            Map.entry("any", KeyPurposeId.anyExtendedKeyUsage),
            Map.entry("server auth", KeyPurposeId.id_kp_serverAuth),
            Map.entry("client auth", KeyPurposeId.id_kp_clientAuth),
            Map.entry("code signing", KeyPurposeId.id_kp_codeSigning),
            Map.entry("email protection", KeyPurposeId.id_kp_emailProtection),
            Map.entry("s/mime", KeyPurposeId.id_kp_emailProtection),
            Map.entry("ipsec end system", KeyPurposeId.id_kp_ipsecEndSystem),
            Map.entry("ipsec tunnel", KeyPurposeId.id_kp_ipsecTunnel),
            Map.entry("ipsec user", KeyPurposeId.id_kp_ipsecUser),
            Map.entry("timestamping", KeyPurposeId.id_kp_timeStamping),
            Map.entry("ocsp signing", KeyPurposeId.id_kp_OCSPSigning));

    private final X509Certificate ca;
    private final PrivateKey key;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    SigningAuthority(X509Certificate ca, PrivateKey key, Clock clock) {
        this.ca = ca;
        this.key = key;
        this.clock = clock;
    }

    /**
     * Reads the CA.
     *
     * @throws IllegalStateException naming the file that cannot be read
     */
    static SigningAuthority read(Path certFile, Path keyFile, Clock clock) {
        X509Certificate cert;
        try (var in = Files.newInputStream(certFile)) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("cannot read the signing CA certificate " + certFile
                    + ": " + e.getMessage(), e);
        }
        try (Reader reader = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            Object o = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            PrivateKey k;
            if (o instanceof PEMKeyPair pair) {
                k = converter.getPrivateKey(pair.getPrivateKeyInfo());
            } else if (o instanceof PrivateKeyInfo info) {
                k = converter.getPrivateKey(info);
            } else {
                throw new IOException("no PEM private key in it");
            }
            return new SigningAuthority(cert, k, clock);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the signing CA key " + keyFile + ": "
                    + e.getMessage(), e);
        }
    }

    X509Certificate certificate() {
        return ca;
    }

    /**
     * Signs a request; the PEM of the certificate.
     *
     * @param expirationSeconds {@code spec.expirationSeconds}, or null for the default year
     * @throws IllegalArgumentException for a usage that is not known
     */
    String sign(KubeletCsr csr, List<String> usages, Integer expirationSeconds) {
        int keyUsage = 0;
        List<KeyPurposeId> purposes = new ArrayList<>();
        for (String usage : usages) {
            if (KEY_USAGES.containsKey(usage)) {
                keyUsage |= KEY_USAGES.get(usage);
            } else if (EXT_USAGES.containsKey(usage)) {
                purposes.add(EXT_USAGES.get(usage));
            } else {
                throw new IllegalArgumentException("unknown usage \"" + usage + "\"");
            }
        }
        Duration ttl = DEFAULT_TTL;
        if (expirationSeconds != null && Duration.ofSeconds(expirationSeconds).compareTo(ttl) < 0) {
            ttl = Duration.ofSeconds(Math.max(expirationSeconds, 600));
        }
        Instant now = clock.instant();
        Instant notAfter = now.plus(ttl);
        if (notAfter.isAfter(ca.getNotAfter().toInstant())) {
            notAfter = ca.getNotAfter().toInstant();
        }
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    org.bouncycastle.asn1.x500.X500Name.getInstance(
                            ca.getSubjectX500Principal().getEncoded()),
                    new BigInteger(127, random).add(BigInteger.ONE),
                    Date.from(now.minus(BACKDATE)), Date.from(notAfter),
                    csr.request().getSubject(),
                    new JcaPEMKeyConverter().getPublicKey(csr.request().getSubjectPublicKeyInfo()))
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca));
            if (keyUsage != 0) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            }
            if (!purposes.isEmpty()) {
                builder.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)));
            }
            List<GeneralName> sans = new ArrayList<>();
            csr.dnsNames().forEach(d -> sans.add(new GeneralName(GeneralName.dNSName, d)));
            csr.ipAddresses().forEach(i -> sans.add(new GeneralName(GeneralName.iPAddress, i)));
            csr.emails().forEach(e -> sans.add(new GeneralName(GeneralName.rfc822Name, e)));
            csr.uris().forEach(u -> sans.add(
                    new GeneralName(GeneralName.uniformResourceIdentifier, u)));
            if (!sans.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(sans.toArray(GeneralName[]::new)));
            }
            String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(algorithm).build(key)));
            StringWriter out = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                writer.writeObject(cert);
            }
            return out.toString();
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot sign: " + e.getMessage(), e);
        }
    }
}
