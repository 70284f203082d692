package io.j8s.apiserver.serviceaccount;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import io.j8s.apiserver.authn.JwsKeys;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The key pair service account tokens are signed with, as upstream's
 * {@code --service-account-signing-key-file}: an RSA key (tokens signed RS256) or an ECDSA key on
 * P-256, P-384 or P-521 (ES256, ES384, ES512), read from a PEM file (PKCS#1, SEC1 or PKCS#8). When
 * the file is missing a P-256 key is generated and written there as SEC1 with its public point,
 * readable by the owner only: ES256 signs in about a seventh of RSA-2048's time, which is most of
 * a TokenRequest's. A cluster whose key file holds an RSA key keeps signing RS256 with it. The key
 * id is upstream's: the unpadded base64url SHA-256 of the public key's DER encoding.
 */
public final class SigningKey {
    private final PublicKey publicKey;
    private final JWSAlgorithm algorithm;
    private final String keyId;
    private final JWSSigner signer;

    private SigningKey(PublicKey publicKey, PrivateKey privateKey) throws JOSEException {
        this.publicKey = publicKey;
        this.algorithm = JwsKeys.algorithm(publicKey);
        this.keyId = keyId(publicKey);
        this.signer = privateKey instanceof ECPrivateKey ec ? new ECDSASigner(ec)
                : new RSASSASigner(privateKey);
    }

    /**
     * The key in {@code file}, created there first when missing.
     *
     * @throws IllegalArgumentException naming the file when it holds no RSA or ECDSA private key
     */
    public static SigningKey loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                Files.deleteIfExists(tmp);
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
                Files.writeString(tmp, newEcKeyPem());
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            }
            return read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the service account key " + file
                    + ": " + e.getMessage(), e);
        }
    }

    /** A new P-256 key as SEC1 PEM ({@code EC PRIVATE KEY}) that carries its public point. */
    private static String newEcKeyPem() throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded());
            var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256,
                    ((ECPrivateKey) pair.getPrivate()).getS(), spki.getPublicKeyData(),
                    (ASN1ObjectIdentifier) spki.getAlgorithm().getParameters());
            return "-----BEGIN EC PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(sec1.getEncoded())
                    + "\n-----END EC PRIVATE KEY-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SigningKey read(Path file) throws IOException {
        Object parsed;
        try (PEMParser parser = new PEMParser(new StringReader(
                Files.readString(file, StandardCharsets.US_ASCII)))) {
            parsed = parser.readObject();
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            PrivateKey key;
            PublicKey pub;
            if (parsed instanceof PEMKeyPair pair) {
                KeyPair keys = converter.getKeyPair(pair);
                key = keys.getPrivate();
                pub = keys.getPublic();
            } else if (parsed instanceof PrivateKeyInfo info) {
                key = converter.getPrivateKey(info);
                pub = publicHalf(converter, info, key);
            } else {
                throw new IllegalArgumentException(file + ": not a PEM private key");
            }
            if (!(pub instanceof RSAPublicKey) && !(pub instanceof ECPublicKey)) {
                throw new IllegalArgumentException(file + ": not an RSA or ECDSA private key");
            }
            return new SigningKey(pub, key);
        } catch (GeneralSecurityException | JOSEException | IllegalStateException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The public keys in a PEM file of upstream's {@code --service-account-key-file}: public keys,
     * private keys (their public halves) and certificates, RSA or ECDSA, as many as it holds.
     *
     * @throws IllegalArgumentException naming the file when it holds none or one of another kind
     */
    public static List<PublicKey> verificationKeys(Path file) {
        List<PublicKey> keys = new ArrayList<>();
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = new PEMParser(new StringReader(
                Files.readString(file, StandardCharsets.US_ASCII)))) {
            for (Object parsed = parser.readObject(); parsed != null; parsed = parser.readObject()) {
                PublicKey key = switch (parsed) {
                    case SubjectPublicKeyInfo spki -> converter.getPublicKey(spki);
                    case X509CertificateHolder cert -> converter.getPublicKey(cert.getSubjectPublicKeyInfo());
                    case PEMKeyPair pair -> converter.getPublicKey(pair.getPublicKeyInfo());
                    case PrivateKeyInfo info -> publicHalf(converter, info, converter.getPrivateKey(info));
                    default -> throw new IllegalArgumentException(file + ": a "
                            + parsed.getClass().getSimpleName() + " is not a key or certificate");
                };
                JwsKeys.algorithm(key);
                keys.add(key);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the service account key file " + file
                    + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException | IllegalStateException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(file + ": holds no PEM public key, private key or certificate");
        }
        return keys;
    }

    private static PublicKey publicHalf(JcaPEMKeyConverter converter, PrivateKeyInfo info, PrivateKey key)
            throws IOException, GeneralSecurityException {
        if (key instanceof ECPrivateKey) {
            return converter.getPublicKey(ecPublicKey(info));
        }
        if (key instanceof RSAPrivateCrtKey crt) {
            return KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        }
        throw new IllegalStateException("not an RSA or ECDSA private key");
    }

    /** The public half of a PKCS#8 EC key: its own public point, or the private scalar times G. */
    private static SubjectPublicKeyInfo ecPublicKey(PrivateKeyInfo info) throws IOException {
        var sec1 = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
        DERBitString point = sec1.getPublicKey() == null ? null
                : new DERBitString(sec1.getPublicKey().getOctets());
        if (point == null) {
            var curve = info.getPrivateKeyAlgorithm().getParameters();
            X9ECParameters params = curve instanceof ASN1ObjectIdentifier oid
                    ? ECNamedCurveTable.getByOID(oid) : X9ECParameters.getInstance(curve);
            if (params == null) {
                throw new IllegalStateException("unknown elliptic curve " + curve);
            }
            point = new DERBitString(params.getG().multiply(sec1.getKey()).normalize().getEncoded(false));
        }
        return new SubjectPublicKeyInfo(info.getPrivateKeyAlgorithm(), point.getOctets());
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** RS256 for an RSA key; ES256, ES384 or ES512 by an ECDSA key's curve. */
    public JWSAlgorithm algorithm() {
        return algorithm;
    }

    public String keyId() {
        return keyId;
    }

    /** The public half as a JWK, as {@code /openid/v1/jwks} lists it. */
    public JWK jwk() {
        return jwk(publicKey);
    }

    /** A public key as a signing JWK with its algorithm and upstream's key id. */
    static JWK jwk(PublicKey key) {
        JWSAlgorithm alg = JwsKeys.algorithm(key);
        if (key instanceof ECPublicKey ec) {
            return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec)
                    .keyUse(KeyUse.SIGNATURE).algorithm(alg).keyID(keyId(key)).build();
        }
        return new RSAKey.Builder((RSAPublicKey) key).keyUse(KeyUse.SIGNATURE)
                .algorithm(alg).keyID(keyId(key)).build();
    }

    static String keyId(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs {@code claims} (a JSON object) as a compact JWS with this key's algorithm and id. */
    String sign(Map<String, Object> claims) {
        try {
            // The claims as given (aud stays an array, as upstream writes it), not re-serialised.
            com.nimbusds.jose.JWSObject jws = new com.nimbusds.jose.JWSObject(
                    new com.nimbusds.jose.JWSHeader.Builder(algorithm).keyID(keyId).build(),
                    new com.nimbusds.jose.Payload(io.j8s.api.codec.Json.MAPPER
                            .writeValueAsString(claims)));
            jws.sign(signer);
            return jws.serialize();
        } catch (JOSEException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot sign a service account token: " + e.getMessage(), e);
        }
    }
}
