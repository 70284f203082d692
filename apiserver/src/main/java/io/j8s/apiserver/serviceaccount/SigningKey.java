package io.j8s.apiserver.serviceaccount;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The RSA key pair service account tokens are signed with (RS256), as upstream's
 * {@code --service-account-signing-key-file}: read from a PEM file (PKCS#1 or PKCS#8), or
 * generated (2048 bits) and written there, readable by the owner only, when the file is missing.
 * Its key id is upstream's: the unpadded base64url SHA-256 of the public key's DER encoding.
 */
public final class SigningKey {
    private final RSAPublicKey publicKey;
    private final String keyId;
    private final JWSSigner signer;

    private SigningKey(RSAPublicKey publicKey, RSAPrivateKey privateKey) {
        this.publicKey = publicKey;
        this.keyId = keyId(publicKey);
        this.signer = new RSASSASigner(privateKey);
    }

    /**
     * The key in {@code file}, created there first when missing.
     *
     * @throws IllegalArgumentException naming the file when it holds no RSA private key
     */
    public static SigningKey loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                String pem = "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder(64, new byte[] {'\n'})
                                .encodeToString(pair.getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n";
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                Files.deleteIfExists(tmp);
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
                Files.writeString(tmp, pem);
                Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the service account key " + file
                    + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
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
        java.security.PrivateKey key;
        if (parsed instanceof PEMKeyPair pair) {
            key = converter.getKeyPair(pair).getPrivate();
        } else if (parsed instanceof PrivateKeyInfo info) {
            key = converter.getPrivateKey(info);
        } else {
            throw new IllegalArgumentException(file + ": not a PEM RSA private key");
        }
        if (!(key instanceof java.security.interfaces.RSAPrivateCrtKey crt)) {
            throw new IllegalArgumentException(file + ": not an RSA private key");
        }
        try {
            RSAPublicKey pub = (RSAPublicKey) java.security.KeyFactory.getInstance("RSA")
                    .generatePublic(new java.security.spec.RSAPublicKeySpec(crt.getModulus(),
                            crt.getPublicExponent()));
            return new SigningKey(pub, crt);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    public RSAPublicKey publicKey() {
        return publicKey;
    }

    public String keyId() {
        return keyId;
    }

    /** The public half as a JWK, as {@code /openid/v1/jwks} lists it. */
    public RSAKey jwk() {
        return new RSAKey.Builder(publicKey).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                .keyID(keyId).build();
    }

    JWSSigner signer() {
        return signer;
    }

    static String keyId(RSAPublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs {@code claims} (a JSON object) as a compact RS256 JWS with this key's id. */
    String sign(java.util.Map<String, Object> claims) {
        try {
            // The claims as given (aud stays an array, as upstream writes it), not re-serialised.
            com.nimbusds.jose.JWSObject jws = new com.nimbusds.jose.JWSObject(
                    new com.nimbusds.jose.JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build(),
                    new com.nimbusds.jose.Payload(io.j8s.api.codec.Json.MAPPER
                            .writeValueAsString(claims)));
            jws.sign(signer);
            return jws.serialize();
        } catch (JOSEException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot sign a service account token: " + e.getMessage(), e);
        }
    }
}
