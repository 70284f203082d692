package io.j8s.apiserver.authn;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a request presents: the TLS peer's certificate chain (leaf first; empty when the client
 * sent none) and the raw {@code Authorization} header (null when absent).
 */
public record RequestCredentials(List<X509Certificate> peerCertificates, String authorizationHeader) {
    public RequestCredentials {
        peerCertificates = peerCertificates == null ? List.of() : List.copyOf(peerCertificates);
    }

    /**
     * The token of an {@code Authorization: Bearer <token>} header; the scheme is matched without
     * regard to case and anything after the token is ignored, as upstream does. Other schemes
     * (Basic, ...) carry no token.
     */
    public Optional<String> bearerToken() {
        if (authorizationHeader == null) {
            return Optional.empty();
        }
        String[] parts = authorizationHeader.trim().split(" ", 3);
        if (parts.length < 2 || !parts[0].toLowerCase(Locale.ROOT).equals("bearer") || parts[1].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(parts[1]);
    }

    /**
     * True when the request carries neither a client certificate nor a bearer token. An
     * authenticator that finds no user for a request that is <em>not</em> empty saw bad
     * credentials (401); an empty request is anonymous.
     */
    public boolean isEmpty() {
        return peerCertificates.isEmpty() && bearerToken().isEmpty();
    }
}
