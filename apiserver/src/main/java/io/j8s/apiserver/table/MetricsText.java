package io.j8s.apiserver.table;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricTarget;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricValueStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The TARGETS cell of a horizontal pod autoscaler: each metric as {@code current/target}, such as
 * {@code cpu: 40%/80%}, {@code memory: 100Mi/200Mi}, {@code 5/10 (avg)}; the first two, then
 * {@code + N more...}. A status is matched to its spec by position, as upstream does.
 */
final class MetricsText {
    private MetricsText() {}

    private static final String UNKNOWN = "<unknown>";
    private static final int MAX = 2;

    static String targets(List<MetricSpec> specs, List<MetricStatus> statuses) {
        if (specs == null || specs.isEmpty()) {
            return CellText.NONE;
        }
        List<MetricStatus> st = CellText.orEmpty(statuses);
        List<String> list = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            MetricStatus status = i < st.size() ? st.get(i) : null;
            list.add(one(specs.get(i), status));
        }
        if (list.size() > MAX) {
            return String.join(", ", list.subList(0, MAX)) + " + " + (list.size() - MAX) + " more...";
        }
        return String.join(", ", list);
    }

    private static String one(MetricSpec spec, MetricStatus status) {
        String type = spec.getType() == null ? "" : spec.getType();
        return switch (type) {
            case "External" -> spec.getExternal() == null ? "<unknown type>"
                    : valueOrAverage(spec.getExternal().getTarget(),
                            current(status, s -> s.getExternal() == null ? null : s.getExternal().getCurrent()));
            case "Object" -> spec.getObject() == null ? "<unknown type>"
                    : valueOrAverage(spec.getObject().getTarget(),
                            current(status, s -> s.getObject() == null ? null : s.getObject().getCurrent()));
            case "Pods" -> {
                MetricValueStatus current =
                        current(status, s -> s.getPods() == null ? null : s.getPods().getCurrent());
                MetricTarget target = spec.getPods() == null ? null : spec.getPods().getTarget();
                yield (current == null ? UNKNOWN : quantity(current.getAverageValue())) + "/"
                        + quantity(target == null ? null : target.getAverageValue());
            }
            case "Resource" -> spec.getResource() == null ? "<unknown type>"
                    : spec.getResource().getName() + ": " + utilizationOrAverage(
                            spec.getResource().getTarget(),
                            current(status, s -> s.getResource() == null ? null : s.getResource().getCurrent()));
            case "ContainerResource" -> spec.getContainerResource() == null ? "<unknown type>"
                    : spec.getContainerResource().getName() + ": " + utilizationOrAverage(
                            spec.getContainerResource().getTarget(), current(status,
                                    s -> s.getContainerResource() == null ? null
                                            : s.getContainerResource().getCurrent()));
            default -> "<unknown type>";
        };
    }

    private static MetricValueStatus current(MetricStatus status,
            Function<MetricStatus, MetricValueStatus> f) {
        return status == null ? null : f.apply(status);
    }

    /** {@code 5/10 (avg)} for an average target, else {@code 5/10}. */
    private static String valueOrAverage(MetricTarget target, MetricValueStatus current) {
        MetricTarget t = target == null ? new MetricTarget() : target;
        if (t.getAverageValue() != null) {
            String c = current == null || current.getAverageValue() == null ? UNKNOWN
                    : quantity(current.getAverageValue());
            return c + "/" + quantity(t.getAverageValue()) + " (avg)";
        }
        String c = current == null ? UNKNOWN : quantity(current.getValue());
        return c + "/" + quantity(t.getValue());
    }

    /** {@code 100Mi/200Mi} for an average target, else {@code 40%/80%} ({@code <auto>} unset). */
    private static String utilizationOrAverage(MetricTarget target, MetricValueStatus current) {
        MetricTarget t = target == null ? new MetricTarget() : target;
        if (t.getAverageValue() != null) {
            String c = current == null ? UNKNOWN : quantity(current.getAverageValue());
            return c + "/" + quantity(t.getAverageValue());
        }
        String c = current == null || current.getAverageUtilization() == null ? UNKNOWN
                : current.getAverageUtilization() + "%";
        String goal = t.getAverageUtilization() == null ? "<auto>" : t.getAverageUtilization() + "%";
        return c + "/" + goal;
    }

    /** As Go prints a quantity pointer: {@code <nil>} when unset. */
    private static String quantity(Quantity q) {
        return q == null ? "<nil>" : CellText.quantity(q);
    }
}
