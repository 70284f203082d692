package io.j8s.apiserver.authn;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Upstream's OIDC authenticator ({@code --oidc-*}): an ID token whose {@code iss} is the issuer
 * URL, whose {@code aud} names the client id, signed (RS256/384/512, ES256/384/512, PS256) by a
 * key of the issuer's JWKS (found through its discovery document, fetched over HTTPS and
 * fetched again, at most every ten seconds, when a token names an unknown key) and within its
 * {@code exp}/{@code nbf} (a minute of leeway), with every required claim at its value, is the
 * user named by the username claim (with its prefix) in the groups of the groups claim (with
 * theirs). With the {@code email} claim, {@code email_verified}, when present, must be true.
 */
final class OidcAuthenticator implements Authenticator {
    private static final Logger LOG = Logger.getLogger("io.j8s.apiserver.authn");
    private static final Duration REFETCH = Duration.ofSeconds(10);

    /** The flags, as upstream names them; a null prefix is upstream's default. */
    record Options(String issuerUrl, String clientId, String usernameClaim, String usernamePrefix,
            String groupsClaim, String groupsPrefix, Map<String, String> requiredClaims) {}

    private final Options options;
    private final OidcKeys keys;
    private final Clock clock;
    private final String usernamePrefix;
    private volatile Instant fetched = Instant.EPOCH;
    private volatile DefaultJWTProcessor<SecurityContext> processor;

    OidcAuthenticator(Options options, OidcKeys keys, Clock clock) {
        this.options = options;
        this.keys = keys;
        this.clock = clock;
        String prefix = options.usernamePrefix();
        if (prefix == null) {
            prefix = options.usernameClaim().equals("email") ? "" : options.issuerUrl() + "#";
        } else if (prefix.equals("-")) {
            prefix = "";
        }
        this.usernamePrefix = prefix;
    }

    @Override
    public Optional<UserInfo> authenticate(RequestCredentials credentials) {
        Optional<String> bearer = credentials.bearerToken();
        if (bearer.isEmpty() || !bearer.get().startsWith("eyJ")) {
            return Optional.empty();
        }
        try {
            JWTClaimsSet unverified = JWTParser.parse(bearer.get()).getJWTClaimsSet();
            if (!options.issuerUrl().equals(unverified.getIssuer())) {
                return Optional.empty();
            }
            JWTClaimsSet claims;
            try {
                claims = processor(false).process(bearer.get(), null);
            } catch (com.nimbusds.jose.proc.BadJOSEException e) {
                if (!e.getMessage().contains("matching key")) {
                    throw e;
                }
                claims = processor(true).process(bearer.get(), null); // keys may have rotated
            }
            return user(claims);
        } catch (Exception e) {
            LOG.fine("OIDC token refused: " + e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<UserInfo> user(JWTClaimsSet claims) throws java.text.ParseException {
        for (Map.Entry<String, String> required : options.requiredClaims().entrySet()) {
            Object value = claims.getClaim(required.getKey());
            if (value == null || !required.getValue().equals(value.toString())) {
                return Optional.empty();
            }
        }
        Object name = claims.getClaim(options.usernameClaim());
        if (!(name instanceof String username) || username.isEmpty()) {
            return Optional.empty();
        }
        if (options.usernameClaim().equals("email")) {
            Object verified = claims.getClaim("email_verified");
            if (verified != null && !Boolean.TRUE.equals(verified)) {
                return Optional.empty();
            }
        }
        List<String> groups = new ArrayList<>();
        if (options.groupsClaim() != null && !options.groupsClaim().isEmpty()) {
            Object value = claims.getClaim(options.groupsClaim());
            String prefix = options.groupsPrefix() == null ? "" : options.groupsPrefix();
            if (value instanceof String g) {
                groups.add(prefix + g);
            } else if (value instanceof List<?> list) {
                list.forEach(g -> groups.add(prefix + g));
            }
        }
        return Optional.of(UserInfo.authenticated(usernamePrefix + username, "", groups));
    }

    private DefaultJWTProcessor<SecurityContext> processor(boolean refresh) throws Exception {
        Instant now = clock.instant();
        DefaultJWTProcessor<SecurityContext> current = processor;
        if (current != null && (!refresh || now.isBefore(fetched.plus(REFETCH)))) {
            return current;
        }
        synchronized (this) {
            if (processor != null && processor != current) {
                return processor;
            }
            JWKSet set = keys.fetch();
            DefaultJWTProcessor<SecurityContext> next = new DefaultJWTProcessor<>();
            next.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256,
                    JWSAlgorithm.RS384, JWSAlgorithm.RS512, JWSAlgorithm.ES256,
                    JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.PS256),
                    new ImmutableJWKSet<>(set)));
            DefaultJWTClaimsVerifier<SecurityContext> verifier = new DefaultJWTClaimsVerifier<>(
                    options.clientId(), new JWTClaimsSet.Builder().issuer(options.issuerUrl())
                            .build(), Set.of("exp")) {
                @Override
                protected java.util.Date currentTime() {
                    return java.util.Date.from(clock.instant());
                }
            };
            verifier.setMaxClockSkew(60);
            next.setJWTClaimsSetVerifier(verifier);
            processor = next;
            fetched = now;
            return next;
        }
    }
}
