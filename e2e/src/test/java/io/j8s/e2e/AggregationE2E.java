package io.j8s.e2e;

import static io.j8s.testkit.Kubectl.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.j8s.testcluster.HttpsTestServer;
import io.j8s.testkit.Directories;
import io.j8s.testkit.Kubectl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * API aggregation against a running j8s with the real kubectl: an APIService served by a small
 * HTTPS server on 127.0.0.1 behind a Service without selector, reached with
 * {@code kubectl get --raw} (with the caller's identity in the front-proxy headers and the
 * server's front-proxy client certificate) and listed by {@code kubectl api-resources}.
 */
class AggregationE2E {
    @RegisterExtension
    static final RunningServer server = RunningServer.perClass();
    private static final String GV = "/apis/wardle.example.com/v1alpha1";
    private static Kubectl k;
    private static Path dir;
    private static HttpsTestServer wardle;

    @BeforeAll
    static void start() throws Exception {
        k = server.kubectl(null);
        dir = Files.createTempDirectory("j8s-aggregation-e2e");
        wardle = HttpsTestServer.start(dir, List.of("wardle.default.svc"),
                server.dataDir().resolve("server/tls/front-proxy-ca.crt"), seen -> {
                    String body = seen.path().equals(GV) ? """
                            {"kind":"APIResourceList","apiVersion":"v1",
                             "groupVersion":"wardle.example.com/v1alpha1","resources":[
                             {"name":"flunders","singularName":"flunder","namespaced":true,
                              "kind":"Flunder","verbs":["get","list"],"shortNames":["fl"]}]}
                            """ : "{\"kind\":\"FlunderList\",\"apiVersion\":"
                            + "\"wardle.example.com/v1alpha1\",\"metadata\":{},\"items\":[]}";
                    return new HttpsTestServer.Answer(200, "application/json",
                            body.getBytes(StandardCharsets.UTF_8));
                });
    }

    @AfterAll
    static void stop() {
        if (wardle != null) {
            wardle.close();
        }
        if (dir != null) {
            Directories.deleteRecursively(dir);
        }
    }

    @Test
    void kubectlReachesAnAggregatedApiAndListsItsResources() {
        ok(k.input("""
                apiVersion: v1
                kind: Service
                metadata: {name: wardle, namespace: default}
                spec:
                  ports: [{port: 443, targetPort: %d}]
                ---
                apiVersion: v1
                kind: Endpoints
                metadata: {name: wardle, namespace: default}
                subsets:
                - addresses: [{ip: 127.0.0.1}]
                  ports: [{port: %d}]
                ---
                apiVersion: apiregistration.k8s.io/v1
                kind: APIService
                metadata: {name: v1alpha1.wardle.example.com}
                spec:
                  group: wardle.example.com
                  version: v1alpha1
                  groupPriorityMinimum: 1000
                  versionPriority: 15
                  caBundle: %s
                  service: {name: wardle, namespace: default, port: 443}
                """.formatted(wardle.port(), wardle.port(), wardle.caBundle()),
                "apply", "-f", "-"));
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() ->
                assertThat(ok(k.run("get", "apiservice", "v1alpha1.wardle.example.com", "-o",
                        "jsonpath={.status.conditions[?(@.type==\"Available\")].status}"))
                        .out()).isEqualTo("True"));

        assertThat(ok(k.run("get", "--raw", GV + "/namespaces/default/flunders")).out())
                .contains("FlunderList");
        HttpsTestServer.Seen seen = wardle.seen().stream()
                .filter(s -> s.path().endsWith("/flunders")).findFirst().orElseThrow();
        String user = ok(k.run("auth", "whoami", "-o", "jsonpath={.status.userInfo.username}"))
                .out();
        assertThat(seen.headers().get("X-Remote-User")).containsExactly(user);
        assertThat(seen.headers().get("X-Remote-Group")).contains("system:authenticated");
        assertThat(seen.clientCertificateSubject()).contains("CN=front-proxy-client");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ok(k.run("api-resources", "--api-group=wardle.example.com")).out())
                        .containsPattern("flunders\\s+fl\\s+wardle.example.com/v1alpha1\\s+true"
                                + "\\s+Flunder"));
    }
}
