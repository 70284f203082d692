package io.j8s.apiserver.authn;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootstrapTokenAuthenticatorTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    @TempDir
    Path dir;
    private Store store;
    private Authenticator authenticator;

    @BeforeEach
    void open() {
        store = Store.builder().dataDir(dir).open();
        authenticator = new BootstrapTokenAuthenticator(store,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void secret(String id, String type, Map<String, String> data) {
        StringBuilder json = new StringBuilder("{\"apiVersion\":\"v1\",\"kind\":\"Secret\","
                + "\"metadata\":{\"name\":\"bootstrap-token-" + id + "\",\"namespace\":"
                + "\"kube-system\"},\"type\":\"" + type + "\",\"data\":{");
        String sep = "";
        for (var e : data.entrySet()) {
            json.append(sep).append('"').append(e.getKey()).append("\":\"")
                    .append(Base64.getEncoder().encodeToString(
                            e.getValue().getBytes(StandardCharsets.UTF_8))).append('"');
            sep = ",";
        }
        json.append("}}");
        store.create("/registry/secrets/kube-system/bootstrap-token-" + id,
                json.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> data(String id, String secret) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("token-id", id);
        d.put("token-secret", secret);
        d.put("usage-bootstrap-authentication", "true");
        d.put("auth-extra-groups", "system:bootstrappers:j8s:default-node-token");
        return d;
    }

    private Optional<UserInfo> as(String token) {
        return authenticator.authenticate(new RequestCredentials(List.of(), "Bearer " + token));
    }

    @Test
    void aValidTokenIsTheBootstrapUserInTheBootstrapperGroups() {
        secret("abcdef", "bootstrap.kubernetes.io/token", data("abcdef", "0123456789abcdef"));
        assertThat(as("abcdef.0123456789abcdef")).hasValueSatisfying(u -> {
            assertThat(u.name()).isEqualTo("system:bootstrap:abcdef");
            assertThat(u.groups()).containsExactly("system:bootstrappers",
                    "system:bootstrappers:j8s:default-node-token", "system:authenticated");
        });
    }

    @Test
    void aWrongSecretAnUnknownIdOrAnotherFormIsNobody() {
        secret("abcdef", "bootstrap.kubernetes.io/token", data("abcdef", "0123456789abcdef"));
        assertThat(as("abcdef.0123456789abcdee")).isEmpty();
        assertThat(as("zzzzzz.0123456789abcdef")).isEmpty();
        assertThat(as("abcdef0123456789abcdef")).isEmpty();
    }

    @Test
    void anExpiredOrMistypedOrUnusableTokenIsNobody() {
        Map<String, String> expired = data("aaaaaa", "0123456789abcdef");
        expired.put("expiration", "2025-12-31T23:59:59Z");
        secret("aaaaaa", "bootstrap.kubernetes.io/token", expired);
        secret("bbbbbb", "Opaque", data("bbbbbb", "0123456789abcdef"));
        Map<String, String> noAuth = data("cccccc", "0123456789abcdef");
        noAuth.put("usage-bootstrap-authentication", "false");
        secret("cccccc", "bootstrap.kubernetes.io/token", noAuth);
        Map<String, String> later = data("dddddd", "0123456789abcdef");
        later.put("expiration", "2026-01-02T00:00:00Z");
        secret("dddddd", "bootstrap.kubernetes.io/token", later);

        assertThat(as("aaaaaa.0123456789abcdef")).isEmpty();
        assertThat(as("bbbbbb.0123456789abcdef")).isEmpty();
        assertThat(as("cccccc.0123456789abcdef")).isEmpty();
        assertThat(as("dddddd.0123456789abcdef")).isPresent();
    }
}
