package io.j8s.scheduler.plugins.schedulinggates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.j8s.scheduler.framework.ClusterEvent;
import io.j8s.scheduler.framework.Status;
import io.j8s.scheduler.plugins.PluginFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulingGatesTest {
    private final SchedulingGates gates = new SchedulingGates(null, null);

    @Test
    void aPodWithoutGatesIsQueued() {
        assertTrue(gates.preEnqueue(PluginFixtures.pod("p")).isSuccess());
    }

    @Test
    void aGatedPodWaitsNamingItsGates() {
        Pod p = PluginFixtures.pod("p");
        p.getSpec().setSchedulingGates(List.of(new PodSchedulingGate("example.com/a"), new PodSchedulingGate("b")));
        Status s = gates.preEnqueue(p);
        assertEquals(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE, s.code());
        assertEquals("waiting for scheduling gates: [example.com/a b]", s.message());
    }

    @Test
    void theGatedPodsOwnUpdateRequeuesIt() {
        assertTrue(gates.eventsToRegister().stream().anyMatch(e -> e.matches(
                new ClusterEvent(ClusterEvent.Resource.POD, ClusterEvent.Action.UPDATE))));
    }
}
