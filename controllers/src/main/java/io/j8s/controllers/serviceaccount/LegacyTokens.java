package io.j8s.controllers.serviceaccount;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signs upstream's legacy service account tokens (issuer {@code kubernetes/serviceaccount}, no
 * expiry, naming the Secret that holds them) with the key of
 * {@code --service-account-private-key-file}, under the key id and in the algorithm the API server
 * publishes: RS256 for an RSA key, ES256/384/512 by an ECDSA key's curve.
 */
final class LegacyTokens {
    static final String ISSUER = "kubernetes/serviceaccount";
    private final JWSSigner signer;
    private final JWSAlgorithm algorithm;
    private final String keyId;

    private LegacyTokens(JWSSigner signer, JWSAlgorithm algorithm, String keyId) {
        this.signer = signer;
        this.algorithm = algorithm;
        this.keyId = keyId;
    }

    /**
     * @throws IllegalArgumentException naming the file when it holds no RSA or ECDSA private key
     *     with its public half (PKCS#1, SEC1, or an RSA PKCS#8)
     */
    static LegacyTokens load(Path keyFile) {
        try {
            JWK jwk = JWK.parseFromPEMEncodedObjects(Files.readString(keyFile));
            if (jwk instanceof ECKey ec) {
                return new LegacyTokens(new ECDSASigner(ec), ECDSA.resolveAlgorithm(ec.getCurve()),
                        keyId(ec.toECPublicKey().getEncoded()));
            }
            var rsa = jwk.toRSAKey();
            return new LegacyTokens(new RSASSASigner(rsa.toRSAPrivateKey()), JWSAlgorithm.RS256,
                    keyId(rsa.toRSAPublicKey().getEncoded()));
        } catch (IOException | JOSEException | NoSuchAlgorithmException | ClassCastException e) {
            throw new IllegalArgumentException("cannot read the service account key " + keyFile
                    + ": " + e.getMessage(), e);
        }
    }

    private static String keyId(byte[] publicKeyDer) throws NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKeyDer);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    String sign(String namespace, String account, String accountUid, String secret) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("kubernetes.io/serviceaccount/namespace", namespace);
        claims.put("kubernetes.io/serviceaccount/secret.name", secret);
        claims.put("kubernetes.io/serviceaccount/service-account.name", account);
        claims.put("kubernetes.io/serviceaccount/service-account.uid", accountUid);
        claims.put("sub", "system:serviceaccount:" + namespace + ":" + account);
        try {
            JWSObject jws = new JWSObject(new JWSHeader.Builder(algorithm).keyID(keyId)
                    .build(), new Payload(claims));
            jws.sign(signer);
            return jws.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a service account token: "
                    + e.getMessage(), e);
        }
    }
}
