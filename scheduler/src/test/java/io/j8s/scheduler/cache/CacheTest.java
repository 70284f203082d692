package io.j8s.scheduler.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.TestPods;
import io.j8s.scheduler.framework.NodeInfo;
import org.junit.jupiter.api.Test;

class CacheTest {
    private final Cache cache = new Cache();
    private final NodeSnapshot snapshot = new NodeSnapshot();

    @Test
    void anAssumedPodCountsOnItsNodeUntilItIsForgotten() {
        cache.addNode(TestPods.node("n1", "4"));
        Pod p = TestPods.on(TestPods.pod("p", "3"), "n1");
        cache.assume(p);
        cache.updateSnapshot(snapshot);
        assertThat(snapshot.get("n1").requested().milliCpu).isEqualTo(3000);
        assertThat(cache.isAssumed(p)).isTrue();

        cache.forget(p);
        cache.updateSnapshot(snapshot);
        assertThat(snapshot.get("n1").requested().milliCpu).isZero();
        assertThat(snapshot.get("n1").pods()).isEmpty();
    }

    @Test
    void theInformerConfirmsAnAssumedPodWithoutCountingItTwice() {
        cache.addNode(TestPods.node("n1", "4"));
        Pod p = TestPods.on(TestPods.pod("p", "1"), "n1");
        cache.assume(p);
        cache.addPod(p);
        assertThat(cache.isAssumed(p)).isFalse();
        cache.forget(p); // a late failure report does not remove a bound pod
        cache.updateSnapshot(snapshot);
        assertThat(snapshot.get("n1").pods()).hasSize(1);
        assertThat(snapshot.get("n1").requested().milliCpu).isEqualTo(1000);
        cache.removePod(p);
        cache.updateSnapshot(snapshot);
        assertThat(snapshot.get("n1").pods()).isEmpty();
    }

    @Test
    void aSnapshotCopiesOnlyTheNodesThatChanged() {
        for (int i = 0; i < 5000; i++) {
            cache.addNode(TestPods.node("n" + i, "4"));
        }
        cache.updateSnapshot(snapshot);
        assertThat(snapshot.nodes()).hasSize(5000);
        NodeInfo untouched = snapshot.get("n2");
        NodeInfo before = snapshot.get("n1");

        cache.assume(TestPods.on(TestPods.pod("p", "1"), "n1"));
        cache.updateSnapshot(snapshot);
        assertThat(snapshot.get("n2")).isSameAs(untouched);
        assertThat(snapshot.get("n1")).isNotSameAs(before);
        assertThat(before.pods()).as("the last cycle's copy is not changed").isEmpty();
        assertThat(snapshot.get("n1").pods()).hasSize(1);
        assertThat(snapshot.nodes()).contains(snapshot.get("n1"));
    }

    @Test
    void aPodSeenBeforeItsNodeIsCountedOnceTheNodeArrives() {
        cache.addPod(TestPods.on(TestPods.pod("p", "1"), "late"));
        cache.updateSnapshot(snapshot);
        assertThat(snapshot.nodes()).isEmpty();
        cache.addNode(TestPods.node("late", "4"));
        cache.updateSnapshot(snapshot);
        assertThat(snapshot.get("late").pods()).hasSize(1);
        cache.removeNode(TestPods.node("late", "4"));
        cache.updateSnapshot(snapshot);
        assertThat(snapshot.nodes()).isEmpty();
    }
}
