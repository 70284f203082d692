package io.j8s.apiserver.encryption;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.apiserver.ApiServer;
import io.j8s.store.Store;
import io.j8s.testkit.EtcdServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The same sealing on a real etcd: what etcd holds is ciphertext, the API answers plaintext. */
class EncryptionAtRestEtcdIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void etcdHoldsTheSecretSealed() throws Exception {
        String config = EncryptionAtRestTest.config(EncryptionAtRestTest.provider("secretbox",
                "k1", Base64.getEncoder().encodeToString(new byte[32])));
        try (EtcdServer etcd = EtcdServer.start();
                Store raw = Store.builder().endpoint(etcd.endpoint()).open();
                ApiServer server = ApiServer.builder().store(raw).host("127.0.0.1").port(0)
                        .encryption(EncryptionConfiguration.parse(Path.of("enc.yaml"), config))
                        .anonymousAdminForTests().start()) {
            String base = "http://127.0.0.1:" + server.port() + "/api/v1/namespaces/default/secrets";
            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(base))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"metadata\":{\"name\":\"s\"},"
                            + "\"stringData\":{\"password\":\"hunter2\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String stored = new String(raw.get("/registry/secrets/default/s").orElseThrow()
                    .value(), StandardCharsets.ISO_8859_1);
            assertThat(stored).startsWith("k8s:enc:secretbox:v1:k1:").doesNotContain("hunter2")
                    .doesNotContain("aHVudGVyMg==");
            String read = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/s")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(read).contains("\"password\":\"aHVudGVyMg==\"");
        }
    }
}
