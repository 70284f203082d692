package io.j8s.cloud;

import static io.j8s.cloud.CloudFixtures.events;
import static io.j8s.cloud.CloudFixtures.ingress;
import static io.j8s.cloud.CloudFixtures.lb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.cloud.local.LocalProvider;
import io.j8s.testcluster.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Load balancers from a --lb-pool CIDR: one address per Service, exhaustion and release. */
class LoadBalancerPoolTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();
    static CloudControllerManager ccm;

    @BeforeAll
    static void start() {
        ccm = CloudControllerManager.builder().client(cluster.admin())
                .provider(LocalProvider.create("198.51.100.0/30", List.of("192.0.2.1"),
                        new FakeRouteTable(), ip -> true))
                .start();
    }

    @AfterAll
    static void stop() {
        if (ccm != null) {
            ccm.close();
        }
    }

    @Test
    void anExhaustedPoolLeavesTheServicePendingUntilAnotherReleasesItsAddress() {
        KubernetesClient c = cluster.admin();
        lb(c, "default", "one", 80);
        lb(c, "default", "two", 80);
        await().atMost(Duration.ofSeconds(10)).until(() -> ingress(c, "default", "one") != null
                && ingress(c, "default", "two") != null);
        assertThat(Set.of(ingress(c, "default", "one"), ingress(c, "default", "two")))
                .containsExactlyInAnyOrder("198.51.100.1/VIP", "198.51.100.2/VIP");
        lb(c, "default", "three", 80);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                !events(c, "default", "three", "SyncLoadBalancerFailed").isEmpty());
        assertThat(events(c, "default", "three", "SyncLoadBalancerFailed").getFirst())
                .isEqualTo("Error syncing load balancer: failed to ensure load balancer: no address"
                        + " left in the pool 198.51.100.0/30 (2 in use)");
        String freed = ingress(c, "default", "one");
        c.services().inNamespace("default").withName("one").edit(s -> {
            s.getSpec().setType("ClusterIP");
            s.getSpec().getPorts().forEach(p -> p.setNodePort(null));
            return s;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> freed.equals(ingress(c, "default", "three")));
        await().atMost(Duration.ofSeconds(10)).until(() -> ingress(c, "default", "one") == null
                && !c.services().inNamespace("default").withName("one").get().getMetadata()
                        .getFinalizers().contains(ServiceLbController.FINALIZER));
        assertThat(events(c, "default", "one", "DeletedLoadBalancer")).isNotEmpty();
    }
}
