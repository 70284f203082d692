package io.j8s.apiserver.authn;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.apiserver.pki.ClusterPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificates and tokens together, as the API server will wire them. */
class UnionAuthenticatorTest {
    @TempDir
    Path dir;

    @Test
    void eitherKindOfCredentialAuthenticatesAndABadTokenDoesNot() throws Exception {
        ClusterPki pki = ClusterPki.loadOrCreate(dir.resolve("tls"), List.of("localhost"), List.of("127.0.0.1"));
        Path tokens = Files.writeString(dir.resolve("tokens.csv"), "s3cr3t,bob,1002,viewers\n");
        Authenticator union = Authenticator.union(List.of(
                Authenticator.x509(pki.caCertificate()), Authenticator.tokenFile(tokens)));
        X509Certificate admin = X509AuthenticatorTest.client(pki, "system:admin", List.of("system:masters"));

        assertThat(union.authenticate(new RequestCredentials(List.of(admin), null)))
                .map(UserInfo::name).contains("system:admin");
        assertThat(union.authenticate(new RequestCredentials(List.of(), "Bearer s3cr3t")))
                .map(UserInfo::name).contains("bob");
        assertThat(union.authenticate(new RequestCredentials(List.of(admin), "Bearer wrong")))
                .map(UserInfo::name).contains("system:admin");

        RequestCredentials badToken = new RequestCredentials(List.of(), "Bearer wrong");
        assertThat(union.authenticate(badToken)).isEmpty();
        assertThat(badToken.isEmpty()).isFalse();
        RequestCredentials nothing = new RequestCredentials(null, null);
        assertThat(union.authenticate(nothing)).isEmpty();
        assertThat(nothing.isEmpty()).isTrue();
    }
}
