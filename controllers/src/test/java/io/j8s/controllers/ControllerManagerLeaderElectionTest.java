package io.j8s.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.testcluster.TestCluster;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two controller managers on one cluster: only the one holding the Lease
 * kube-system/kube-controller-manager runs its controllers; when it goes, the other takes over.
 */
class ControllerManagerLeaderElectionTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();

    private static ControllerManager manager(KubernetesClient client, String identity) {
        return ControllerManager.builder().client(client).allocateNodeCidrs(false)
                .controllers(Set.of("horizontalpodautoscaling"))
                .leaderElection(true, identity).start();
    }

    private static String holder() {
        Lease lease = cluster.admin().leases().inNamespace("kube-system")
                .withName("kube-controller-manager").get();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }

    @Test
    void onlyTheLeaseHolderRunsAndTheOtherTakesOver() {
        try (KubernetesClient ca = cluster.client(TestCluster.CONTROLLER_MANAGER);
                KubernetesClient cb = cluster.client(TestCluster.CONTROLLER_MANAGER)) {
            ControllerManager a = manager(ca, "host-a_1");
            ControllerManager b = manager(cb, "host-b_2");
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> a.leading() || b.leading());
                ControllerManager leader = a.leading() ? a : b;
                ControllerManager other = leader == a ? b : a;
                String leaderId = leader == a ? "host-a_1" : "host-b_2";
                assertThat(holder()).isEqualTo(leaderId);
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                        .until(() -> !(a.leading() && b.leading()));
                assertThat(other.leading()).isFalse();

                leader.close();
                await().atMost(Duration.ofSeconds(30)).until(other::leading);
                assertThat(holder()).isEqualTo(leader == a ? "host-b_2" : "host-a_1");
            } finally {
                a.close();
                b.close();
            }
        }
    }
}
