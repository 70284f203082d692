package io.j8s.cloud;

import static io.j8s.cloud.CloudFixtures.events;
import static io.j8s.cloud.CloudFixtures.ingress;
import static io.j8s.cloud.CloudFixtures.lb;
import static io.j8s.cloud.CloudFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.cloud.local.LocalProvider;
import io.j8s.testcluster.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cloud controller manager with the local provider against a real API server: node
 * initialization, load balancers on the node's shared address, and routes in a table in memory.
 */
class CloudControllerManagerTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();
    static final String NODE_IP = "192.0.2.1";
    static final FakeRouteTable table = new FakeRouteTable();
    static CloudControllerManager ccm;

    @BeforeAll
    static void start() {
        ccm = CloudControllerManager.builder().client(cluster.admin())
                .provider(LocalProvider.create(null, List.of(NODE_IP), table,
                        ip -> ip.startsWith("127.")))
                .routeResync(Duration.ofMillis(200)).start();
    }

    @AfterAll
    static void stop() {
        if (ccm != null) {
            ccm.close();
        }
    }

    @Test
    void aTaintedNodeGetsItsProviderIdAndLosesTheTaintOnceItHasAnAddress() {
        KubernetesClient c = cluster.admin();
        Node created = node(c, "init-1", null, null, true);
        // no InternalIP reported yet: it stays uninitialized
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3)).until(() ->
                NodeInitController.uninitialized(c.nodes().withName("init-1").get()));
        created.setStatus(new io.fabric8.kubernetes.api.model.NodeStatusBuilder().withAddresses(
                new io.fabric8.kubernetes.api.model.NodeAddress("10.0.9.9", "InternalIP")).build());
        Node fresh = c.nodes().withName("init-1").get();
        fresh.setStatus(created.getStatus());
        c.nodes().resource(fresh).updateStatus();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                !NodeInitController.uninitialized(c.nodes().withName("init-1").get()));
        Node n = c.nodes().withName("init-1").get();
        assertThat(n.getSpec().getProviderID()).isEqualTo("j8s://init-1");
        assertThat(n.getMetadata().getLabels()).containsEntry("node.kubernetes.io/instance-type", "j8s");
        node(c, "plain-1", null, "10.0.9.8", false);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() ->
                c.nodes().withName("plain-1").get().getSpec().getProviderID() == null);
    }

    @Test
    void servicesShareTheNodeAddressByPortAndAConflictStaysPendingWithAnEvent() {
        KubernetesClient c = cluster.admin();
        lb(c, "default", "web", 80);
        lb(c, "default", "api", 8080, 8443);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                (NODE_IP + "/VIP").equals(ingress(c, "default", "web"))
                        && (NODE_IP + "/VIP").equals(ingress(c, "default", "api")));
        assertThat(c.services().inNamespace("default").withName("web").get().getMetadata()
                .getFinalizers()).contains(ServiceLbController.FINALIZER);
        lb(c, "default", "web2", 80);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                !events(c, "default", "web2", "SyncLoadBalancerFailed").isEmpty());
        assertThat(events(c, "default", "web2", "SyncLoadBalancerFailed").getFirst())
                .contains("port TCP/80 on " + NODE_IP + " is already used by Service default/web");
        assertThat(ingress(c, "default", "web2")).isNull();
        c.services().inNamespace("default").withName("web").delete();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                c.services().inNamespace("default").withName("web").get() == null
                        && (NODE_IP + "/VIP").equals(ingress(c, "default", "web2")));
        // the recorder writes events in the background: the status can come first
        await().atMost(Duration.ofSeconds(10)).until(() ->
                !events(c, "default", "web2", "EnsuredLoadBalancer").isEmpty());
    }

    @Test
    void routesFollowOtherNodesPodCidrsButNotThisMachines() {
        KubernetesClient c = cluster.admin();
        node(c, "route-a", "10.42.7.0/24", "192.0.2.70", false);
        node(c, "route-b", "10.42.8.0/24", "127.0.0.1", false);
        node(c, "route-c", "10.42.9.0/24", "127.0.0.1", false);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                table.snapshot().equals(Map.of("10.42.7.0/24", "192.0.2.70")));
        c.nodes().withName("route-a").delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> table.snapshot().isEmpty());
    }
}
