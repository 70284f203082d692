package io.j8s.scheduler.plugins.nodeports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.Status;
import io.j8s.scheduler.plugins.PluginFixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodePortsTest {
    /** "UDP/127.0.0.1/8080" style specs, hostIP "" meaning unset. */
    static Pod withPorts(String name, String... specs) {
        Pod pod = PluginFixtures.pod(name);
        List<ContainerPort> ports = new ArrayList<>();
        for (String spec : specs) {
            String[] p = spec.split("/", -1);
            ContainerPort cp = new ContainerPort();
            cp.setProtocol(p[0]);
            cp.setHostIP(p[1].isEmpty() ? null : p[1]);
            cp.setHostPort(Integer.parseInt(p[2]));
            cp.setContainerPort(Integer.parseInt(p[2]));
            ports.add(cp);
        }
        pod.getSpec().getContainers().get(0).setPorts(ports);
        return pod;
    }

    static Status run(Pod pod, NodeInfo node) {
        NodePorts plugin = new NodePorts(null, null);
        CycleState state = new CycleState();
        var pre = plugin.preFilter(state, pod, List.of(node));
        if (pre.status().isSkip()) {
            return Status.success();
        }
        return plugin.filter(state, pod, node);
    }

    @ParameterizedTest(name = "{0} wanted, {1} used: fits={2}")
    @CsvSource({
        "TCP//8080, UDP//8080, true",
        "TCP//8080, TCP//8081, true",
        "TCP//8080, TCP//8080, false",
        "TCP/127.0.0.1/8080, TCP/127.0.0.1/8080, false",
        "TCP/127.0.0.1/8080, TCP/127.0.0.2/8080, true",
        "TCP/127.0.0.1/8080, TCP//8080, false",      // 0.0.0.0 conflicts with any IP
        "TCP//8080, TCP/127.0.0.1/8080, false",
        "TCP/0.0.0.0/8080, TCP/10.0.0.1/8080, false",
        "UDP/127.0.0.1/53, TCP/127.0.0.1/53, true"})
    void hostPortConflictsAsUpstream(String wanted, String used, boolean fits) {
        NodeInfo node = PluginFixtures.nodeInfo(PluginFixtures.node("n1"), withPorts("existing", used));
        Status s = run(withPorts("p", wanted), node);
        assertEquals(fits, s.isSuccess(), s.toString());
        if (!fits) {
            assertEquals(Status.Code.UNSCHEDULABLE, s.code());
            assertEquals("node(s) didn't have free ports for the requested pod ports", s.message());
        }
    }

    @Test
    void aPodWithoutHostPortsSkips() {
        var pre = new NodePorts(null, null).preFilter(new CycleState(), PluginFixtures.pod("p"), List.of());
        assertTrue(pre.status().isSkip());
    }
}
