package io.j8s.scheduler.plugins.matching;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.function.Predicate;

/**
 * Tolerations against taints, as upstream's {@code Toleration.ToleratesTaint}: the effect (when
 * the toleration names one) and the key (when it names one) must be the taint's; operator
 * {@code Exists} tolerates any value, {@code Equal} (or none) only the taint's value.
 */
public final class Tolerations {
    private Tolerations() {}

    /** True when one of {@code tolerations} tolerates {@code taint}. */
    public static boolean tolerates(List<Toleration> tolerations, Taint taint) {
        if (tolerations == null) {
            return false;
        }
        for (Toleration t : tolerations) {
            if (tolerates(t, taint)) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code toleration} tolerates {@code taint}. */
    public static boolean tolerates(Toleration toleration, Taint taint) {
        if (!isEmpty(toleration.getEffect()) && !toleration.getEffect().equals(taint.getEffect())) {
            return false;
        }
        if (!isEmpty(toleration.getKey()) && !toleration.getKey().equals(taint.getKey())) {
            return false;
        }
        String op = toleration.getOperator() == null ? "" : toleration.getOperator();
        return switch (op) {
            case "", "Equal" -> orEmpty(toleration.getValue()).equals(orEmpty(taint.getValue()));
            case "Exists" -> true;
            default -> false;
        };
    }

    /**
     * The first taint that {@code include} accepts and no toleration tolerates, or null
     * (upstream's {@code FindMatchingUntoleratedTaint}).
     */
    public static Taint firstUntolerated(List<Taint> taints, List<Toleration> tolerations,
            Predicate<Taint> include) {
        if (taints == null) {
            return null;
        }
        for (Taint taint : taints) {
            if (include.test(taint) && !tolerates(tolerations, taint)) {
                return taint;
            }
        }
        return null;
    }

    /** Taints with effect NoSchedule or NoExecute, the ones that keep pods off a node. */
    public static boolean noScheduleOrNoExecute(Taint taint) {
        return "NoSchedule".equals(taint.getEffect()) || "NoExecute".equals(taint.getEffect());
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
