package io.j8s.scheduler.plugins.nodeunschedulable;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.Status;
import io.j8s.scheduler.plugins.PluginFixtures;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeUnschedulableTest {
    static Stream<Arguments> cases() {
        Toleration exists = new Toleration("NoSchedule", "node.kubernetes.io/unschedulable", "Exists", null, null);
        Toleration everything = new Toleration(null, null, "Exists", null, null);
        Toleration otherEffect = new Toleration("NoExecute", "node.kubernetes.io/unschedulable", "Exists", null, null);
        return Stream.of(
                Arguments.of("schedulable node", false, List.of(), Status.Code.SUCCESS),
                Arguments.of("cordoned node", true, List.of(), Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE),
                Arguments.of("cordoned, tolerated", true, List.of(exists), Status.Code.SUCCESS),
                Arguments.of("cordoned, tolerates everything", true, List.of(everything), Status.Code.SUCCESS),
                Arguments.of("cordoned, other effect", true, List.of(otherEffect),
                        Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filter(String name, boolean unschedulable, List<Toleration> tolerations, Status.Code want) {
        Node node = PluginFixtures.node("n1");
        node.getSpec().setUnschedulable(unschedulable);
        Pod pod = PluginFixtures.pod("p");
        pod.getSpec().setTolerations(tolerations);
        Status s = new NodeUnschedulable(null, null).filter(new CycleState(), pod, PluginFixtures.nodeInfo(node));
        assertEquals(want, s.code());
        if (want != Status.Code.SUCCESS) {
            assertEquals("node(s) were unschedulable", s.message());
        }
    }
}
