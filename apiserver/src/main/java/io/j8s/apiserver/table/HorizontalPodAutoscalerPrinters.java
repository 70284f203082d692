package io.j8s.apiserver.table;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricStatusBuilder;
import java.util.List;
import java.util.function.Function;

/**
 * Horizontal pod autoscalers in both served versions: NAME REFERENCE TARGETS MINPODS MAXPODS
 * REPLICAS AGE. A {@code autoscaling/v1} object prints as upstream's conversion makes it: its CPU
 * target becomes a {@code cpu} resource metric.
 */
final class HorizontalPodAutoscalerPrinters {
    private HorizontalPodAutoscalerPrinters() {}

    /** What the columns read, whichever version the object is in. */
    private record View(String kind, String name, List<MetricSpec> metrics, List<MetricStatus> current,
            Integer min, Integer max, Integer replicas) {}

    static Printer<HorizontalPodAutoscaler> v2() {
        return printer(HorizontalPodAutoscaler.class, h -> {
            HorizontalPodAutoscalerSpec s = h.getSpec() == null ? new HorizontalPodAutoscalerSpec() : h.getSpec();
            HorizontalPodAutoscalerStatus st =
                    h.getStatus() == null ? new HorizontalPodAutoscalerStatus() : h.getStatus();
            var ref = s.getScaleTargetRef();
            return new View(ref == null ? "" : ref.getKind(), ref == null ? "" : ref.getName(),
                    s.getMetrics(), st.getCurrentMetrics(), s.getMinReplicas(), s.getMaxReplicas(),
                    st.getCurrentReplicas());
        });
    }

    static Printer<io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscaler> v1() {
        return printer(io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscaler.class, h -> {
            var s = h.getSpec() == null
                    ? new io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscalerSpec()
                    : h.getSpec();
            var st = h.getStatus() == null
                    ? new io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscalerStatus()
                    : h.getStatus();
            List<MetricSpec> metrics = s.getTargetCPUUtilizationPercentage() == null ? List.of()
                    : List.of(new MetricSpecBuilder().withType("Resource").withNewResource()
                            .withName("cpu").withNewTarget().withType("Utilization")
                            .withAverageUtilization(s.getTargetCPUUtilizationPercentage())
                            .endTarget().endResource().build());
            List<MetricStatus> current = st.getCurrentCPUUtilizationPercentage() == null ? List.of()
                    : List.of(new MetricStatusBuilder().withType("Resource").withNewResource()
                            .withName("cpu").withNewCurrent()
                            .withAverageUtilization(st.getCurrentCPUUtilizationPercentage())
                            .endCurrent().endResource().build());
            var ref = s.getScaleTargetRef();
            return new View(ref == null ? "" : ref.getKind(), ref == null ? "" : ref.getName(),
                    metrics, current, s.getMinReplicas(), s.getMaxReplicas(), st.getCurrentReplicas());
        });
    }

    private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> Printer<T> printer(
            Class<T> type, Function<T, View> view) {
        return Printer.of(type).name()
                .column("Reference", "string", "scaleTargetRef points to the target resource to scale.",
                        h -> CellText.orEmpty(view.apply(h).kind()) + "/" + CellText.orEmpty(view.apply(h).name()))
                .column("Targets", "string", "metrics contains the specifications for which to use to "
                        + "calculate the desired replica count.",
                        h -> MetricsText.targets(view.apply(h).metrics(), view.apply(h).current()))
                .column("MinPods", "string", "minReplicas is the lower limit for the number of "
                        + "replicas to which the autoscaler can scale down.",
                        h -> view.apply(h).min() == null ? CellText.UNSET : view.apply(h).min().toString())
                .column("MaxPods", "string", "maxReplicas is the upper limit for the number of replicas "
                        + "to which the autoscaler can scale up.", h -> CellText.count(view.apply(h).max()))
                .column("Replicas", "string", "currentReplicas is current number of replicas of pods "
                        + "managed by this autoscaler.", h -> CellText.count(view.apply(h).replicas()))
                .age()
                .build();
    }
}
