package io.j8s.apiserver.authn;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;

/** The JWS algorithm a service account key signs with, and a verifier of its signatures. */
public final class JwsKeys {
    private JwsKeys() {}

    /**
     * RS256 for an RSA key; ES256, ES384 or ES512 for an ECDSA key on P-256, P-384 or P-521.
     *
     * @throws IllegalArgumentException for any other key
     */
    public static JWSAlgorithm algorithm(PublicKey key) {
        if (key instanceof RSAPublicKey) {
            return JWSAlgorithm.RS256;
        }
        if (key instanceof ECPublicKey ec) {
            return switch (ec.getParams().getCurve().getField().getFieldSize()) {
                case 256 -> JWSAlgorithm.ES256;
                case 384 -> JWSAlgorithm.ES384;
                case 521 -> JWSAlgorithm.ES512;
                default -> throw new IllegalArgumentException("an ECDSA key on a curve other than"
                        + " P-256, P-384 or P-521 cannot sign service account tokens");
            };
        }
        throw new IllegalArgumentException("a " + key.getAlgorithm()
                + " key cannot sign service account tokens; use RSA or ECDSA");
    }

    /** Checks signatures made with {@code key} in its {@link #algorithm}. */
    static JWSVerifier verifier(PublicKey key) {
        try {
            return key instanceof ECPublicKey ec ? new ECDSAVerifier(ec)
                    : new RSASSAVerifier((RSAPublicKey) key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
