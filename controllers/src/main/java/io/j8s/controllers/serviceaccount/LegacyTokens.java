package io.j8s.controllers.serviceaccount;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
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
 * expiry, naming the Secret that holds them) with the RSA key of
 * {@code --service-account-private-key-file}, under the key id the API server publishes.
 */
final class LegacyTokens {
    static final String ISSUER = "kubernetes/serviceaccount";
    private final RSASSASigner signer;
    private final String keyId;

    private LegacyTokens(RSASSASigner signer, String keyId) {
        this.signer = signer;
        this.keyId = keyId;
    }

    /** @throws IllegalArgumentException naming the file when it holds no RSA private key */
    static LegacyTokens load(Path keyFile) {
        try {
            JWK jwk = JWK.parseFromPEMEncodedObjects(Files.readString(keyFile));
            var rsa = jwk.toRSAKey();
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(rsa.toRSAPublicKey().getEncoded());
            return new LegacyTokens(new RSASSASigner(rsa.toRSAPrivateKey()),
                    Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
        } catch (IOException | JOSEException | NoSuchAlgorithmException | ClassCastException e) {
            throw new IllegalArgumentException("cannot read the service account key " + keyFile
                    + ": " + e.getMessage(), e);
        }
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
            JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId)
                    .build(), new Payload(claims));
            jws.sign(signer);
            return jws.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a service account token: "
                    + e.getMessage(), e);
        }
    }
}
