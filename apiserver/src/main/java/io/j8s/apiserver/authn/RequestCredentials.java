package io.j8s.apiserver.authn;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a request presents: the TLS peer's certificate chain (leaf first; empty when the client
 * sent none), the raw {@code Authorization} header (null when absent) and the request's headers
 * (what a front proxy's {@code X-Remote-User} and the like come in).
 */
public record RequestCredentials(List<X509Certificate> peerCertificates, String authorizationHeader,
        Headers headers) {

    /** A request's headers, names matched without regard to case. */
    public interface Headers {
        Headers NONE = new Headers() {
            @Override
            public List<String> all(String name) {
                return List.of();
            }

            @Override
            public java.util.Set<String> names() {
                return java.util.Set.of();
            }
        };

        /** Every value of the header {@code name}, in order; empty when absent. */
        List<String> all(String name);

        java.util.Set<String> names();
    }

    public RequestCredentials {
        peerCertificates = peerCertificates == null ? List.of() : List.copyOf(peerCertificates);
        headers = headers == null ? Headers.NONE : headers;
    }

    /** Credentials without any other header. */
    public RequestCredentials(List<X509Certificate> peerCertificates, String authorizationHeader) {
        this(peerCertificates, authorizationHeader, Headers.NONE);
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
