package io.j8s.scheduler.plugins.nodename;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.Status;
import io.j8s.scheduler.plugins.PluginFixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeNameTest {
    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {"none, n1, SUCCESS", "n1, n1, SUCCESS",
        "n2, n1, UNSCHEDULABLE_AND_UNRESOLVABLE"})
    void filter(String podNodeName, String node, Status.Code want) {
        Pod pod = PluginFixtures.pod("p");
        pod.getSpec().setNodeName(podNodeName);
        Status s = new NodeName(null, null).filter(new CycleState(), pod,
                PluginFixtures.nodeInfo(PluginFixtures.node(node)));
        assertEquals(want, s.code());
        if (want != Status.Code.SUCCESS) {
            assertEquals("node(s) didn't match the requested node name", s.message());
        }
    }
}
