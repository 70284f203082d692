package io.j8s.apiserver.authn;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.j8s.apiserver.pki.ClusterPki;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ID tokens of an OIDC issuer the test serves over HTTPS on 127.0.0.1: accepted with the
 * issuer's claims and prefixes, refused when expired, for another client, of another issuer,
 * signed by another key or missing a required claim.
 */
class OidcAuthenticatorTest {
    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static String issuer;
    private static RSAKey key;
    private static Authenticator authenticator;

    @BeforeAll
    static void serveIssuer() throws Exception {
        ClusterPki pki = ClusterPki.loadOrCreate(dir.resolve("tls"), List.of("localhost"),
                List.of("127.0.0.1"));
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setCertPath(pki.servingCertFile().toString())
                        .setKeyPath(pki.servingKeyFile().toString())));
        server.requestHandler(req -> {
            if (req.path().equals("/.well-known/openid-configuration")) {
                req.response().putHeader("Content-Type", "application/json").end(
                        "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/keys\"}");
            } else if (req.path().equals("/keys")) {
                req.response().end(new JWKSet(key.toPublicJWK()).toString());
            } else {
                req.response().setStatusCode(404).end();
            }
        });
        int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
                .get(20, TimeUnit.SECONDS).actualPort();
        issuer = "https://127.0.0.1:" + port;
        authenticator = Authenticator.oidc(issuer, "kubectl", "email", null, "groups", "oidc:",
                Map.of("hd", "example.com"), pki.caCertFile());
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    static String token(RSAKey signer, String iss, String aud, Instant exp, Map<String, Object> more)
            throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(iss).audience(aud)
                .subject("u-1").expirationTime(Date.from(exp)).issueTime(new Date());
        more.forEach(claims::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(signer.getKeyID()).build(), claims.build());
        jwt.sign(new RSASSASigner(signer));
        return jwt.serialize();
    }

    private static java.util.Optional<UserInfo> authenticate(String token) {
        return authenticator.authenticate(new RequestCredentials(List.of(), "Bearer " + token));
    }

    private static final Map<String, Object> JANE = Map.of("email", "jane@example.com",
            "email_verified", true, "groups", List.of("dev", "ops"), "hd", "example.com");

    @Test
    void anIdTokenOfTheIssuerIsItsUser() throws Exception {
        UserInfo user = authenticate(token(key, issuer, "kubectl",
                Instant.now().plusSeconds(300), JANE)).orElseThrow();
        assertThat(user.name()).isEqualTo("jane@example.com");
        assertThat(user.groups()).containsExactly("oidc:dev", "oidc:ops", "system:authenticated");
    }

    @Test
    void expiredForeignForgedOrIncompleteTokensAreRefused() throws Exception {
        Instant later = Instant.now().plusSeconds(300);
        assertThat(authenticate(token(key, issuer, "kubectl", Instant.now().minusSeconds(120),
                JANE))).isEmpty();
        assertThat(authenticate(token(key, issuer, "other-client", later, JANE))).isEmpty();
        assertThat(authenticate(token(key, "https://elsewhere", "kubectl", later, JANE))).isEmpty();
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("k1").generate();
        assertThat(authenticate(token(stranger, issuer, "kubectl", later, JANE))).isEmpty();
        assertThat(authenticate(token(key, issuer, "kubectl", later,
                Map.of("email", "jane@example.com")))).isEmpty();
        assertThat(authenticate(token(key, issuer, "kubectl", later, Map.of("email",
                "jane@example.com", "email_verified", false, "hd", "example.com")))).isEmpty();
    }
}
