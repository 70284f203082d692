package io.j8s.apiserver.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.codec.Json;
import io.j8s.apiserver.ApiServer;
import io.j8s.store.Store;
import io.j8s.store.StoreBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Secrets written through the API land in the SQLite file sealed with upstream's
 * {@code k8s:enc:PROVIDER:v1:KEY:} prefix, read back right through the API, survive a key
 * rotation by rewriting, and a configuration that is only identity still reads old plaintext.
 */
class EncryptionAtRestTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String KEY1 = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String KEY2 = Base64.getEncoder().encodeToString(
            "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    @TempDir
    Path dir;

    static String config(String... providers) {
        return "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\n"
                + "resources:\n- resources: [secrets]\n  providers:\n"
                + String.join("", providers);
    }

    static String provider(String kind, String name, String secret) {
        return "  - " + kind + ":\n      keys:\n      - name: " + name + "\n        secret: " + secret
                + "\n";
    }

    static final String IDENTITY = "  - identity: {}\n";

    private ApiServer server(Store store, String config) {
        Store s = config == null ? store
                : EncryptionConfiguration.parse(dir.resolve("enc.yaml"), config).wrap(store);
        return ApiServer.builder().store(s).host("127.0.0.1").port(0).anonymousAdminForTests()
                .start();
    }

    private static JsonNode send(ApiServer s, String method, String path, String body)
            throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + s.port() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isLessThan(300);
        return Json.MAPPER.readTree(r.body());
    }

    private static final String SECRET = "{\"apiVersion\":\"v1\",\"kind\":\"Secret\","
            + "\"metadata\":{\"name\":\"s1\"},\"stringData\":{\"password\":\"hunter2-plain\"}}";

    private String raw(String key) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:"
                + dir.resolve("data").resolve(StoreBuilder.SQLITE_FILE));
                PreparedStatement q = c.prepareStatement(
                        "SELECT value FROM log WHERE key = ? ORDER BY rev DESC LIMIT 1")) {
            q.setString(1, key);
            try (ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).as(key).isTrue();
                return new String(rs.getBytes(1), StandardCharsets.ISO_8859_1);
            }
        }
    }

    private Store open() {
        return Store.builder().dataDir(dir.resolve("data")).open();
    }

    @ParameterizedTest
    @ValueSource(strings = {"aescbc", "aesgcm", "secretbox"})
    void aSecretIsSealedInTheDatabaseFileAndReadsBackThroughTheApi(String kind) throws Exception {
        try (Store store = open(); ApiServer s = server(store, config(provider(kind, "key1",
                KEY1), IDENTITY))) {
            send(s, "POST", "/api/v1/namespaces/default/secrets", SECRET);
            send(s, "POST", "/api/v1/namespaces/default/configmaps", "{\"apiVersion\":\"v1\","
                    + "\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c1\"},"
                    + "\"data\":{\"k\":\"configmap-plain\"}}");
            String stored = raw("/registry/secrets/default/s1");
            assertThat(stored).startsWith("k8s:enc:" + kind + ":v1:key1:")
                    .doesNotContain("hunter2").doesNotContain(Base64.getEncoder()
                            .encodeToString("hunter2-plain".getBytes(StandardCharsets.UTF_8)))
                    .doesNotContain("\"kind\"");
            assertThat(raw("/registry/configmaps/default/c1")).contains("configmap-plain");
            JsonNode read = send(s, "GET", "/api/v1/namespaces/default/secrets/s1", null);
            assertThat(new String(Base64.getDecoder().decode(read.path("data").path("password")
                    .asText()), StandardCharsets.UTF_8)).isEqualTo("hunter2-plain");
            assertThat(send(s, "GET", "/api/v1/secrets", null).path("items")).hasSize(1);
        }
    }

    @Test
    void rewritingEverySecretRotatesToTheFirstKey() throws Exception {
        try (Store store = open(); ApiServer s = server(store, config(provider("aescbc", "key1",
                KEY1)))) {
            send(s, "POST", "/api/v1/namespaces/default/secrets", SECRET);
        }
        assertThat(raw("/registry/secrets/default/s1")).startsWith("k8s:enc:aescbc:v1:key1:");
        // the new key first, the old one still read: what upstream's rotation steps prescribe
        try (Store store = open(); ApiServer s = server(store, config(provider("aescbc", "key2",
                KEY2).replace("      - name: key2\n        secret: " + KEY2 + "\n",
                        "      - name: key2\n        secret: " + KEY2 + "\n      - name: key1\n"
                                + "        secret: " + KEY1 + "\n")))) {
            JsonNode secret = send(s, "GET", "/api/v1/namespaces/default/secrets/s1", null);
            send(s, "PUT", "/api/v1/namespaces/default/secrets/s1", secret.toString());
        }
        assertThat(raw("/registry/secrets/default/s1")).startsWith("k8s:enc:aescbc:v1:key2:");
        try (Store store = open(); ApiServer s = server(store, config(provider("aescbc", "key2",
                KEY2)))) {
            assertThat(send(s, "GET", "/api/v1/namespaces/default/secrets/s1", null)
                    .path("data").path("password").asText()).isEqualTo(Base64.getEncoder()
                            .encodeToString("hunter2-plain".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void anIdentityFirstConfigurationReadsOldPlaintextAndDecryptsWhatWasSealed() throws Exception {
        try (Store store = open(); ApiServer s = server(store, null)) {
            send(s, "POST", "/api/v1/namespaces/default/secrets", SECRET);
        }
        assertThat(raw("/registry/secrets/default/s1")).contains("\"kind\":\"Secret\"");
        try (Store store = open(); ApiServer s = server(store, config(IDENTITY,
                provider("secretbox", "key1", KEY1)))) {
            assertThat(send(s, "GET", "/api/v1/namespaces/default/secrets/s1", null)
                    .path("metadata").path("name").asText()).isEqualTo("s1");
            send(s, "POST", "/api/v1/namespaces/default/secrets", SECRET.replace("s1", "s2"));
            assertThat(raw("/registry/secrets/default/s2")).contains("\"kind\":\"Secret\"");
        }
    }

    @Test
    void aMalformedConfigurationNamesItsLine() throws Exception {
        Path file = dir.resolve("enc.yaml");
        Files.writeString(file, config(provider("aescbc", "key1", "c2hvcnQ="), IDENTITY));
        assertThatThrownBy(() -> EncryptionConfiguration.read(file))
                .hasMessageContaining(file + ": line 9: aescbc key \"key1\" is 5 bytes");
        Files.writeString(file, config(provider("kms", "key1", KEY1)));
        assertThatThrownBy(() -> EncryptionConfiguration.read(file))
                .hasMessageContaining("line 6: provider \"kms\" is not served");
        Files.writeString(file, "apiVersion: apiserver.config.k8s.io/v1\nkind: Encryption"
                + "Configuration\nresources:\n- resources: [secrets\n");
        assertThatThrownBy(() -> EncryptionConfiguration.read(file))
                .hasMessageMatching("(?s)" + java.util.regex.Pattern.quote(file.toString())
                        + ": line [45]: .*"); // the YAML parser names the open bracket's line or the end
    }
}
