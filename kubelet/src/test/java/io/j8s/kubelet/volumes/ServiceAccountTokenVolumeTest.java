package io.j8s.kubelet.volumes;

import static io.j8s.kubelet.volumes.TestPods.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A projected serviceAccountToken source against an endpoint that serves TokenRequest. j8s's
 * API server does not serve {@code serviceaccounts/token} yet (the service account issue brings
 * it; NodeVolumesTest covers the refusal), so a small HTTP endpoint answers in its place.
 */
class ServiceAccountTokenVolumeTest {
    @TempDir
    Path node;
    private HttpServer server;
    private KubernetesClient client;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-06T14:00:00Z"));
    private NodeVolumes volumes;
    private Pod pod;

    @BeforeEach
    void tokenEndpoint() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/namespaces/default/serviceaccounts/builder/token", exchange -> {
            requests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            Instant expires = now.get().plusSeconds(600);
            byte[] body = ("{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\",\"status\":"
                    + "{\"token\":\"token-" + requests.size() + "\",\"expirationTimestamp\":\"" + expires + "\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(
                "http://127.0.0.1:" + server.getAddress().getPort()).withRequestRetryBackoffLimit(0).build()).build();
        Clock clock = new Clock() {
            @Override
            public Instant instant() {
                return now.get();
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
        volumes = new NodeVolumes(client, node, () -> TestPods.ALLOCATABLE, clock);
    }

    @AfterEach
    void stop() {
        if (pod != null) {
            volumes.tearDown(pod.getMetadata().getUid());
        }
        client.close();
        server.stop(0);
        TestPods.assertNoMountsUnder(node);
    }

    @Test
    void theTokenIsBoundToThePodAndRefreshedAfterEightyPercentOfItsLifetime() throws Exception {
        pod = TestPods.pod("default", new VolumeBuilder().withName("kube-api-access").withNewProjected()
                .addNewSource().withNewServiceAccountToken().withPath("token").withAudience("vault")
                .withExpirationSeconds(600L).endServiceAccountToken().endSource().endProjected().build());
        pod.getSpec().setServiceAccountName("builder");

        Path dir = volumes.setUp(pod).get("kube-api-access");

        assertThat(read(dir.resolve("token"))).isEqualTo("token-1");
        assertThat(requests).singleElement().satisfies(body -> assertThat(body)
                .contains("\"audiences\":[\"vault\"]", "\"expirationSeconds\":600", "\"kind\":\"Pod\"",
                        "\"uid\":\"" + pod.getMetadata().getUid() + "\""));
        now.set(now.get().plus(Duration.ofSeconds(470)));
        volumes.setUp(pod);
        assertThat(requests).as("78% of 600 s: still fresh").hasSize(1);

        now.set(now.get().plus(Duration.ofSeconds(20)));
        volumes.setUp(pod);

        assertThat(requests).hasSize(2);
        assertThat(read(dir.resolve("token"))).isEqualTo("token-2");
        assertThat(Files.readSymbolicLink(dir.resolve("token"))).isEqualTo(Path.of("..data/token"));
    }
}
