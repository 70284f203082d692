package io.j8s.apiserver.authn;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Turns a request's credentials into a user. An empty result means "not authenticated": if the
 * request carried credentials ({@link RequestCredentials#isEmpty()} is false) they were bad and
 * the request gets 401; if it carried none it is anonymous, which j8s admits only to
 * {@code /healthz}, {@code /livez}, {@code /readyz} and {@code /version}.
 */
public interface Authenticator {

    Optional<UserInfo> authenticate(RequestCredentials credentials);

    /**
     * Client certificates signed by {@code clientCa}: the chain must verify against it now and the
     * leaf must allow client authentication. User = CN, groups = each O.
     */
    static Authenticator x509(X509Certificate clientCa) {
        return new X509Authenticator(clientCa, Clock.systemUTC());
    }

    /**
     * Bearer tokens from a static token file in upstream's {@code --token-file} format: CSV lines
     * {@code token,user,uid[,"group1,group2"]}; blank lines and lines starting with {@code #} are
     * skipped.
     *
     * @throws IllegalArgumentException naming the file and line if a line is malformed
     * @throws java.io.UncheckedIOException if the file cannot be read
     */
    static Authenticator tokenFile(Path file) {
        return TokenFileAuthenticator.load(file);
    }

    /**
     * Bootstrap tokens ({@code <id>.<secret>}), upstream's: the Secret
     * {@code kube-system/bootstrap-token-<id>} read from the API server's own store.
     */
    static Authenticator bootstrapTokens(io.j8s.store.StoreReader store) {
        return new BootstrapTokenAuthenticator(store, Clock.systemUTC());
    }

    /**
     * Service account tokens (upstream's): JWTs signed by one of {@code keys}, bound tokens from
     * one of {@code issuers} for one of {@code audiences}, and legacy Secret tokens; the account
     * and bound objects are looked up with {@code lookup} on every request.
     */
    static Authenticator serviceAccountTokens(List<java.security.PublicKey> keys,
            List<String> issuers, List<String> audiences, ObjectLookup lookup, Clock clock) {
        return new ServiceAccountTokenAuthenticator(keys, issuers, audiences, lookup, clock);
    }

    /**
     * A front proxy's users (upstream's {@code --requestheader-*}): requests whose client
     * certificate verifies against {@code proxyCa}, with a CN in {@code allowedNames} (any when
     * empty), are the user their headers name.
     */
    static Authenticator requestHeader(X509Certificate proxyCa, List<String> allowedNames,
            List<String> usernameHeaders, List<String> uidHeaders, List<String> groupHeaders,
            List<String> extraPrefixes) {
        return new RequestHeaderAuthenticator(new X509Authenticator(proxyCa, Clock.systemUTC()),
                java.util.Set.copyOf(allowedNames), usernameHeaders, uidHeaders, groupHeaders,
                extraPrefixes);
    }

    /**
     * OIDC ID tokens (upstream's {@code --oidc-*} flags): from {@code issuerUrl}, for
     * {@code clientId}; {@code usernamePrefix} null for upstream's default (the issuer URL and
     * {@code #} unless the claim is {@code email}), {@code "-"} for none.
     */
    static Authenticator oidc(String issuerUrl, String clientId, String usernameClaim,
            String usernamePrefix, String groupsClaim, String groupsPrefix,
            java.util.Map<String, String> requiredClaims, Path caFile) {
        return new OidcAuthenticator(new OidcAuthenticator.Options(issuerUrl, clientId,
                usernameClaim, usernamePrefix, groupsClaim, groupsPrefix, requiredClaims),
                new OidcKeys(issuerUrl, caFile), Clock.systemUTC());
    }

    /** Asks each authenticator in order; the first user found wins. */
    static Authenticator union(List<Authenticator> authenticators) {
        return new UnionAuthenticator(authenticators);
    }
}
