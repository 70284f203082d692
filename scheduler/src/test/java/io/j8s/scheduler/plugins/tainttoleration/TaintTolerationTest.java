package io.j8s.scheduler.plugins.tainttoleration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.NodeScore;
import io.j8s.scheduler.framework.Status;
import io.j8s.scheduler.plugins.PluginFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TaintTolerationTest {
    private final TaintToleration plugin = new TaintToleration(null, null);

    static NodeInfo tainted(String name, Taint... taints) {
        Node node = PluginFixtures.node(name);
        node.getSpec().setTaints(List.of(taints));
        return PluginFixtures.nodeInfo(node);
    }

    static Pod tolerating(Toleration... tolerations) {
        Pod pod = PluginFixtures.pod("p");
        pod.getSpec().setTolerations(List.of(tolerations));
        return pod;
    }

    static Stream<Arguments> filterCases() {
        Taint dedicated = new Taint("NoSchedule", "dedicated", null, "user1");
        Taint evict = new Taint("NoExecute", "node.kubernetes.io/not-ready", null, null);
        Taint soft = new Taint("PreferNoSchedule", "soft", null, "x");
        return Stream.of(
                Arguments.of("no taints", new Taint[0], new Toleration[0], null),
                Arguments.of("untolerated NoSchedule", new Taint[] {dedicated}, new Toleration[0],
                        "node(s) had untolerated taint {dedicated: user1}"),
                Arguments.of("tolerated by value", new Taint[] {dedicated},
                        new Toleration[] {new Toleration("NoSchedule", "dedicated", "Equal", null, "user1")}, null),
                Arguments.of("other value", new Taint[] {dedicated},
                        new Toleration[] {new Toleration("NoSchedule", "dedicated", "Equal", null, "user2")},
                        "node(s) had untolerated taint {dedicated: user1}"),
                Arguments.of("untolerated NoExecute, empty value", new Taint[] {evict}, new Toleration[0],
                        "node(s) had untolerated taint {node.kubernetes.io/not-ready: }"),
                Arguments.of("PreferNoSchedule does not filter", new Taint[] {soft}, new Toleration[0], null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filterCases")
    void filter(String name, Taint[] taints, Toleration[] tolerations, String reason) {
        Status s = plugin.filter(new CycleState(), tolerating(tolerations), tainted("n1", taints));
        if (reason == null) {
            assertEquals(Status.Code.SUCCESS, s.code());
        } else {
            assertEquals(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE, s.code());
            assertEquals(reason, s.message());
        }
    }

    @Test
    void fewerIntolerablePreferNoScheduleTaintsScoreHigher() {
        Taint a = new Taint("PreferNoSchedule", "a", null, "1");
        Taint b = new Taint("PreferNoSchedule", "b", null, "1");
        Taint hard = new Taint("NoSchedule", "c", null, "1");
        List<NodeInfo> nodes = List.of(tainted("none"), tainted("one", a), tainted("two", a, b),
                tainted("hardOnly", hard), tainted("tolerated", b));
        Pod pod = tolerating(new Toleration("PreferNoSchedule", "b", "Exists", null, null),
                new Toleration("NoSchedule", "a", "Exists", null, null)); // wrong effect for a
        CycleState state = new CycleState();
        assertEquals(Status.Code.SUCCESS, plugin.preScore(state, pod, nodes).code());
        List<NodeScore> scores = new ArrayList<>();
        for (NodeInfo n : nodes) {
            scores.add(new NodeScore(n.name(), plugin.score(state, pod, n).value()));
        }
        assertEquals("[none=0, one=1, two=1, hardOnly=0, tolerated=0]", scores.toString());
        plugin.normalizeScore(state, pod, scores);
        assertEquals("[none=100, one=0, two=0, hardOnly=100, tolerated=100]", scores.toString());
    }
}
