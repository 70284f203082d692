package io.j8s.kubelet;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.j8s.kubelet.runtime.sim.SimRuntime;
import io.j8s.testkit.TestClock;
import java.time.Duration;

/**
 * A kubelet under test: a sim runtime on a test clock, short periods, its own client and data
 * dir inside the test cluster's, and the pod CIDR set on its Node as the server's IPAM would.
 */
final class NodeAgent implements AutoCloseable {
    final String name;
    final TestClock clock;
    final SimRuntime runtime;
    final KubernetesClient client;
    final Kubelet kubelet;
    final String podCidr;

    private NodeAgent(TestCluster cluster, String name, TestClock clock, SimRuntime runtime,
            String podCidr) {
        this.name = name;
        this.clock = clock;
        this.runtime = runtime;
        this.podCidr = podCidr;
        this.client = cluster.newClient();
        this.kubelet = Kubelet.builder().nodeName(name).client(client).runtime(runtime)
                .dataDir(cluster.dir().resolve(name)).nodeAddress("192.0.2.10").kubeletPort(20250)
                .clock(clock).tickPeriod(Duration.ofMillis(50)).statusPeriod(Duration.ofMillis(100))
                .leasePeriod(Duration.ofMillis(100)).build();
    }

    /** A kubelet on a new sim runtime, started, with its node registered and given {@code podCidr}. */
    static NodeAgent start(TestCluster cluster, String name, String podCidr) {
        TestClock clock = new TestClock();
        return start(cluster, name, podCidr, clock, new SimRuntime(clock));
    }

    /** A kubelet whose node the test gives no pod CIDR (yet). */
    static NodeAgent startWithoutPodCidr(TestCluster cluster, String name) {
        TestClock clock = new TestClock();
        NodeAgent agent = new NodeAgent(cluster, name, clock, new SimRuntime(clock), null);
        agent.kubelet.start();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> cluster.client().nodes().withName(name).get() != null);
        return agent;
    }

    /** A kubelet over an existing runtime (a restarted kubelet). */
    static NodeAgent start(TestCluster cluster, String name, String podCidr, TestClock clock,
            SimRuntime runtime) {
        NodeAgent agent = new NodeAgent(cluster, name, clock, runtime, podCidr);
        agent.kubelet.start();
        KubernetesClient admin = cluster.client();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> admin.nodes().withName(name).get() != null);
        Node node = admin.nodes().withName(name).get();
        if (node.getSpec() == null || node.getSpec().getPodCIDR() == null) {
            // the server answers a merge patch that raced the kubelet's status write with 409
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() ->
                    admin.nodes().withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
                            "{\"spec\":{\"podCIDR\":\"" + podCidr + "\",\"podCIDRs\":[\""
                                    + podCidr + "\"]}}") != null);
        }
        return agent;
    }

    /** Stops the kubelet only: the runtime and its containers stay, as after a kubelet restart. */
    void stopKubelet() {
        kubelet.close();
        client.close();
    }

    @Override
    public void close() {
        stopKubelet();
    }
}
