package io.j8s.apiserver.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.APIServiceCondition;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.j8s.testcluster.HttpsTestServer;
import io.j8s.testcluster.TestCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The APIServices of the built-in groups, created at start and Available (Local), and the
 * Available condition of an aggregated API served by a small HTTPS server behind a Service
 * without selector whose Endpoints point at 127.0.0.1.
 */
class ApiServiceAvailabilityTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();

    private static APIServiceCondition available(String name) {
        APIService s = cluster.admin().apiServices().withName(name).get();
        if (s == null || s.getStatus() == null || s.getStatus().getConditions() == null) {
            return null;
        }
        return s.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("Available")).findFirst().orElse(null);
    }

    @Test
    void builtInGroupsHaveLocalApiServicesWithUpstreamsPriorities() {
        APIService apps = cluster.admin().apiServices().withName("v1.apps").get();
        assertThat(apps.getSpec().getGroupPriorityMinimum()).isEqualTo(17800);
        assertThat(apps.getSpec().getVersionPriority()).isEqualTo(15);
        assertThat(apps.getSpec().getService()).isNull();
        assertThat(cluster.admin().apiServices().withName("v1.").get().getSpec()
                .getGroupPriorityMinimum()).isEqualTo(18000);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            APIServiceCondition c = available("v1.apps");
            assertThat(c).isNotNull();
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("Local");
        });
    }

    @Test
    void anAggregatedApiIsAvailableWhileItsServerAnswers() {
        try (HttpsTestServer wardle = HttpsTestServer.start(cluster.dir().resolve("wardle"),
                List.of("wardle.default.svc"), seen -> new HttpsTestServer.Answer(200,
                        "application/json", ("{\"kind\":\"APIResourceList\",\"apiVersion\":"
                                + "\"v1\",\"groupVersion\":\"wardle.example.com/v1alpha1\","
                                + "\"resources\":[]}").getBytes(StandardCharsets.UTF_8)))) {
            cluster.admin().services().inNamespace("default").resource(Serialization.unmarshal(
                    "metadata: {name: wardle}\nspec:\n  ports: [{port: 443, targetPort: "
                            + wardle.port() + "}]\n", Service.class)).create();
            cluster.admin().endpoints().inNamespace("default").resource(Serialization.unmarshal(
                    "metadata: {name: wardle}\nsubsets:\n- addresses: [{ip: 127.0.0.1}]\n"
                            + "  ports: [{port: " + wardle.port() + "}]\n", Endpoints.class))
                    .create();
            cluster.admin().apiServices().resource(Serialization.unmarshal("""
                    metadata: {name: v1alpha1.wardle.example.com}
                    spec:
                      group: wardle.example.com
                      version: v1alpha1
                      groupPriorityMinimum: 1000
                      versionPriority: 15
                      caBundle: %s
                      service: {name: wardle, namespace: default, port: 443}
                    """.formatted(wardle.caBundle()), APIService.class)).create();
            await().atMost(Duration.ofSeconds(25)).untilAsserted(() -> {
                APIServiceCondition c = available("v1alpha1.wardle.example.com");
                assertThat(c).isNotNull();
                assertThat(c.getStatus()).isEqualTo("True");
                assertThat(c.getReason()).isEqualTo("Passed");
            });
            assertThat(wardle.seen()).anyMatch(s -> s.path().equals(
                    "/apis/wardle.example.com/v1alpha1"));
            wardle.handler(seen -> new HttpsTestServer.Answer(503, "text/plain",
                    "down".getBytes(StandardCharsets.UTF_8)));
            await().atMost(Duration.ofSeconds(25)).untilAsserted(() -> {
                APIServiceCondition c = available("v1alpha1.wardle.example.com");
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getReason()).isEqualTo("FailedDiscoveryCheck");
                assertThat(c.getMessage()).contains("failing or missing response from https://"
                        + "127.0.0.1:" + wardle.port() + "/apis/wardle.example.com/v1alpha1");
            });
        }
    }

    /**
     * The periodic check runs every 10 s here: an APIService created or respecified between two
     * checks gets its condition from its watch event, well before the next one.
     */
    @Test
    void aNewOrChangedApiServiceIsCheckedOnItsEventNotAtTheNextPeriodicCheck() {
        cluster.admin().apiServices().resource(Serialization.unmarshal("""
                metadata: {name: v1.prompt.example.com}
                spec:
                  group: prompt.example.com
                  version: v1
                  groupPriorityMinimum: 1000
                  versionPriority: 15
                  insecureSkipTLSVerify: true
                  service: {name: prompt-a, namespace: default, port: 443}
                """, APIService.class)).create();
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            APIServiceCondition c = available("v1.prompt.example.com");
            assertThat(c).isNotNull();
            assertThat(c.getReason()).isEqualTo("ServiceNotFound");
            assertThat(c.getMessage()).contains("prompt-a");
        });
        cluster.admin().apiServices().withName("v1.prompt.example.com").edit(s -> {
            s.getSpec().getService().setName("prompt-b");
            return s;
        });
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            APIServiceCondition c = available("v1.prompt.example.com");
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getMessage()).contains("prompt-b");
        });
        cluster.admin().apiServices().withName("v1.prompt.example.com").delete();
    }
}
