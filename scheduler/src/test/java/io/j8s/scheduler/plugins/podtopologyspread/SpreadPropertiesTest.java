package io.j8s.scheduler.plugins.podtopologyspread;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.PodInfo;
import io.j8s.scheduler.plugins.fake.FakeHandle;
import io.j8s.scheduler.plugins.fake.Objects;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The DoNotSchedule invariant: pods placed one after another, each on any node that passes
 * Filter (the choice is the generator's), never leave the zones more than maxSkew apart, and
 * some node always passes.
 */
class SpreadPropertiesTest {
    static final String ZONE = "topology.kubernetes.io/zone";

    @Property(tries = 100)
    void skewNeverExceedsMaxSkew(@ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 3) Integer> nodeZones,
            @ForAll @IntRange(min = 1, max = 3) int maxSkew,
            @ForAll @Size(min = 1, max = 30) List<@IntRange(min = 0, max = 1000) Integer> choices,
            @ForAll boolean otherPodsToo) {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < nodeZones.size(); i++) {
            nodes.add(Objects.node("n" + i, ZONE + "=z" + nodeZones.get(i)));
        }
        FakeHandle h = FakeHandle.of(nodes, List.of());
        PodTopologySpread plugin = new PodTopologySpread(null, h);
        int i = 0;
        for (int choice : choices) {
            boolean other = otherPodsToo && choice % 3 == 0;
            Pod p = Objects.pod("p" + i++, other ? "app=other" : "app=web").build();
            p.getSpec().setTopologySpreadConstraints(List.of(new TopologySpreadConstraintBuilder()
                    .withMaxSkew(maxSkew).withTopologyKey(ZONE).withWhenUnsatisfiable("DoNotSchedule")
                    .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "web").build())
                    .build()));
            CycleState state = new CycleState();
            plugin.preFilter(state, p, h.nodes());
            List<NodeInfo> fit = h.nodes().stream().filter(n -> plugin.filter(state, p, n).isSuccess()).toList();
            assertThat(fit).as("some node always passes").isNotEmpty();
            NodeInfo target = fit.get(choice % fit.size());
            p.getSpec().setNodeName(target.name());
            target.addPod(PodInfo.of(p));
            assertThat(skew(h)).isLessThanOrEqualTo(maxSkew);
        }
    }

    private static long skew(FakeHandle h) {
        Map<String, Long> perZone = new HashMap<>();
        for (NodeInfo n : h.nodes()) {
            long web = n.pods().stream().filter(p -> "web".equals(p.pod().getMetadata().getLabels().get("app"))).count();
            perZone.merge(n.node().getMetadata().getLabels().get(ZONE), web, Long::sum);
        }
        return perZone.values().stream().mapToLong(Long::longValue).max().orElse(0)
                - perZone.values().stream().mapToLong(Long::longValue).min().orElse(0);
    }
}
