package io.j8s.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The node taints the controller owns, and whether a pod tolerates a taint (upstream's rules). */
final class Taints {
    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    static final String UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
    static final String MEMORY_PRESSURE = "node.kubernetes.io/memory-pressure";
    static final String DISK_PRESSURE = "node.kubernetes.io/disk-pressure";
    static final String PID_PRESSURE = "node.kubernetes.io/pid-pressure";
    static final String NETWORK_UNAVAILABLE = "node.kubernetes.io/network-unavailable";
    static final String NO_EXECUTE = "NoExecute";
    static final String NO_SCHEDULE = "NoSchedule";

    private Taints() {}

    /** The NoSchedule taints a node's conditions and cordon call for. */
    static List<String> noScheduleKeys(Node node) {
        List<String> keys = new ArrayList<>();
        for (NodeCondition c : conditions(node)) {
            String key = switch (c.getType() + "=" + c.getStatus()) {
                case "Ready=False" -> NOT_READY;
                case "Ready=Unknown" -> UNREACHABLE;
                case "MemoryPressure=True" -> MEMORY_PRESSURE;
                case "DiskPressure=True" -> DISK_PRESSURE;
                case "PIDPressure=True" -> PID_PRESSURE;
                case "NetworkUnavailable=True" -> NETWORK_UNAVAILABLE;
                default -> null;
            };
            if (key != null) {
                keys.add(key);
            }
        }
        if (Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            keys.add(UNSCHEDULABLE);
        }
        return keys;
    }

    /** The NoExecute taint the Ready status calls for: not-ready, unreachable, or none. */
    static String noExecuteKey(String readyStatus) {
        return switch (readyStatus) {
            case "False" -> NOT_READY;
            case "Unknown" -> UNREACHABLE;
            default -> null;
        };
    }

    static boolean managed(Taint t) {
        return t.getKey() != null && t.getKey().startsWith("node.kubernetes.io/")
                && (NO_SCHEDULE.equals(t.getEffect()) && List.of(NOT_READY, UNREACHABLE,
                        MEMORY_PRESSURE, DISK_PRESSURE, PID_PRESSURE, NETWORK_UNAVAILABLE,
                        UNSCHEDULABLE).contains(t.getKey())
                        || NO_EXECUTE.equals(t.getEffect()) && List.of(NOT_READY, UNREACHABLE)
                                .contains(t.getKey()));
    }

    static List<NodeCondition> conditions(Node node) {
        return node.getStatus() == null || node.getStatus().getConditions() == null ? List.of()
                : node.getStatus().getConditions();
    }

    static List<Taint> of(Node node) {
        return node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
    }

    /** Upstream's Toleration.ToleratesTaint. */
    static boolean tolerates(Toleration t, Taint taint) {
        if (t.getEffect() != null && !t.getEffect().isEmpty()
                && !t.getEffect().equals(taint.getEffect())) {
            return false;
        }
        if (t.getKey() != null && !t.getKey().isEmpty() && !t.getKey().equals(taint.getKey())) {
            return false;
        }
        String op = t.getOperator() == null || t.getOperator().isEmpty() ? "Equal"
                : t.getOperator();
        return switch (op) {
            case "Exists" -> true;
            case "Equal" -> Objects.equals(emptyIfNull(t.getValue()),
                    emptyIfNull(taint.getValue()));
            default -> false;
        };
    }

    private static String emptyIfNull(String s) {
        return s == null ? "" : s;
    }
}
