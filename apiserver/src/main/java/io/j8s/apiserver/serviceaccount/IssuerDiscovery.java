package io.j8s.apiserver.serviceaccount;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Upstream's service account issuer discovery: the OpenID configuration at
 * {@code /.well-known/openid-configuration} naming the issuer and where its keys are, and the
 * public keys at {@code /openid/v1/jwks} (the signing key's and those of
 * {@code --service-account-key-file}), so that other parties can verify the tokens.
 */
public final class IssuerDiscovery {
    public static final String CONFIGURATION_PATH = "/.well-known/openid-configuration";
    public static final String JWKS_PATH = "/openid/v1/jwks";

    private final String issuer;
    private final java.util.function.Supplier<String> jwksUri;
    private final byte[] jwks;
    private final List<String> algorithms;
    private volatile byte[] configuration;

    /**
     * {@code jwksUri} as {@code --service-account-jwks-uri}, or as upstream derives it from the
     * server's external address, {@code https://ADDRESS:PORT/openid/v1/jwks}; asked for once, at
     * the first request (the port may be known only once the server listens).
     */
    public IssuerDiscovery(String issuer, java.util.function.Supplier<String> jwksUri,
            SigningKey key, List<PublicKey> verificationKeys) {
        this.issuer = issuer;
        this.jwksUri = jwksUri;
        List<JWK> keys = new ArrayList<>(List.of(key.jwk()));
        verificationKeys.stream().map(SigningKey::jwk)
                .filter(k -> keys.stream().noneMatch(known -> known.getKeyID().equals(k.getKeyID())))
                .forEach(keys::add);
        this.jwks = new JWKSet(keys).toString(true).getBytes(StandardCharsets.UTF_8);
        this.algorithms = keys.stream().map(k -> k.getAlgorithm().getName()).distinct().sorted().toList();
    }

    public byte[] configuration() {
        if (configuration == null) {
            configuration = document();
        }
        return configuration.clone();
    }

    private byte[] document() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", issuer);
        doc.put("jwks_uri", jwksUri.get());
        doc.put("response_types_supported", List.of("id_token"));
        doc.put("subject_types_supported", List.of("public"));
        doc.put("id_token_signing_alg_values_supported", algorithms);
        try {
            return io.j8s.api.codec.Json.MAPPER.writeValueAsBytes(doc);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] jwks() {
        return jwks.clone();
    }
}
