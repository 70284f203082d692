package io.j8s.apiserver.authn;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.apiserver.pki.ClusterPki;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A front proxy names the user in headers, and only a proxy with the right certificate may. */
class RequestHeaderAuthenticatorTest {
    @TempDir
    Path dir;

    ClusterPki proxyCa;
    Authenticator authenticator;

    @BeforeEach
    void create() {
        proxyCa = ClusterPki.loadOrCreate(dir.resolve("front-proxy"), List.of("localhost"),
                List.of("127.0.0.1"));
        authenticator = Authenticator.requestHeader(proxyCa.caCertificate(),
                List.of("front-proxy-client"), List.of("X-Remote-User"), List.of("X-Remote-Uid"),
                List.of("X-Remote-Group"), List.of("X-Remote-Extra-"));
    }

    private static RequestCredentials request(X509Certificate cert, Map<String, List<String>> headers) {
        Map<String, List<String>> lower = new LinkedHashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(), v));
        return new RequestCredentials(List.of(cert), null, new RequestCredentials.Headers() {
            @Override
            public List<String> all(String name) {
                return lower.getOrDefault(name.toLowerCase(), List.of());
            }

            @Override
            public Set<String> names() {
                return headers.keySet();
            }
        });
    }

    @Test
    void theProxysHeadersNameTheUserGroupsAndExtra() throws Exception {
        X509Certificate proxy = X509AuthenticatorTest.client(proxyCa, "front-proxy-client", List.of());
        UserInfo user = authenticator.authenticate(request(proxy, Map.of(
                "X-Remote-User", List.of("alice"),
                "X-Remote-Uid", List.of("", "a-1"),
                "X-Remote-Group", List.of("dev", "ops"),
                "X-Remote-Extra-Scopes", List.of("openid", "email"),
                "X-Remote-Extra-Acme.com%2Fproject", List.of("blue")))).orElseThrow();
        assertThat(user.name()).isEqualTo("alice");
        assertThat(user.uid()).as("the first non-empty value").isEqualTo("a-1");
        assertThat(user.groups()).containsExactly("dev", "ops", "system:authenticated");
        assertThat(user.extra()).containsEntry("scopes", List.of("openid", "email"))
                .containsEntry("acme.com/project", List.of("blue"));
    }

    @Test
    void headersFromAnUnlistedOrForeignCertificateOrWithoutAUserAreIgnored() throws Exception {
        X509Certificate unlisted = X509AuthenticatorTest.client(proxyCa, "someone-else", List.of());
        assertThat(authenticator.authenticate(request(unlisted,
                Map.of("X-Remote-User", List.of("alice"))))).isEmpty();
        ClusterPki other = ClusterPki.loadOrCreate(dir.resolve("other"), List.of("localhost"),
                List.of("127.0.0.1"));
        X509Certificate foreign = X509AuthenticatorTest.client(other, "front-proxy-client", List.of());
        assertThat(authenticator.authenticate(request(foreign,
                Map.of("X-Remote-User", List.of("alice"))))).isEmpty();
        X509Certificate proxy = X509AuthenticatorTest.client(proxyCa, "front-proxy-client", List.of());
        assertThat(authenticator.authenticate(request(proxy, Map.of()))).isEmpty();
    }
}
