package io.j8s.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulerBenchTest {

    /** {@code perSecond[i]} bindings spread evenly over second i. */
    private static List<Long> binds(int... perSecond) {
        List<Long> out = new ArrayList<>();
        for (int s = 0; s < perSecond.length; s++) {
            for (int k = 0; k < perSecond[s]; k++) {
                out.add(s * 1_000_000_000L + (k + 1) * (1_000_000_000L / (perSecond[s] + 1)));
            }
        }
        return out;
    }

    @Test
    void averageAndMedianOfOneSecondWindows() {
        SchedulerFigures f = SchedulerFigures.of(SchedulerWorkload.SCHEDULING_BASIC, 5000, 2100,
                binds(800, 600, 700), null);
        assertThat(f.bound()).isEqualTo(2100);
        assertThat(f.p50()).isEqualTo(700);
        assertThat(f.average()).isBetween(700.0, 705.0);
        assertThat(f.met()).isTrue();
    }

    @Test
    void tableAndSummaryNameOnlyTheWorkloadsThatRan() {
        SchedulerFigures basic = SchedulerFigures.of(SchedulerWorkload.SCHEDULING_BASIC, 5000, 1200,
                binds(600, 600), null);
        SchedulerFigures preemption = SchedulerFigures.failed(SchedulerWorkload.PREEMPTION, 500, 2000,
                "stalled: 12 of 2000 pods bound");
        List<SchedulerFigures> all = List.of(basic, preemption);
        assertThat(SchedulerBench.summary(all)).matches("scheduler SchedulingBasic=6\\d\\d Preemption=n/a");
        assertThat(SchedulerBench.table(all).render())
                .containsPattern("\\| SchedulingBasic \\|\\s+5,000 \\|\\s+1,200 \\|\\s+1,200 \\|.*\\|\\s+600 \\|\\s+≥ 700 \\| no\\s+\\|")
                .contains("Preemption: stalled: 12 of 2000 pods bound");
    }

    @Test
    void workloadsAreNamedAsUpstream() {
        assertThat(SchedulerWorkload.named("podantiaffinity")).isEqualTo(SchedulerWorkload.POD_ANTI_AFFINITY);
        assertThatThrownBy(() -> SchedulerWorkload.named("Nope")).hasMessageContaining("SchedulingBasic");
        assertThat(SchedulerWorkload.PREEMPTION.initPods(3)).hasSize(12)
                .allMatch(p -> p.getSpec().getNodeName() != null);
        assertThat(SchedulerWorkload.TOPOLOGY_SPREADING.pod(7).getSpec().getTopologySpreadConstraints())
                .singleElement().extracting(c -> c.getWhenUnsatisfiable()).isEqualTo("DoNotSchedule");
    }
}
