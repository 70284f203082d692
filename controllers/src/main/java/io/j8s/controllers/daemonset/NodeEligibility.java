package io.j8s.controllers.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether a DaemonSet's pod should run on a node (upstream's NodeShouldRunDaemonPod): the
 * template's nodeName, nodeSelector and required node affinity must match, and the node's
 * NoSchedule and NoExecute taints must be tolerated, counting the tolerations every daemon pod
 * gets. A node whose only untolerated taints are NoSchedule keeps the pods it has.
 */
final class NodeEligibility {
    /** Run a new pod there; keep one that runs there. */
    record Verdict(boolean shouldRun, boolean shouldContinueRunning) {}

    private NodeEligibility() {}

    static Verdict check(Node node, PodSpec template) {
        String name = node.getMetadata().getName();
        if (template.getNodeName() != null && !template.getNodeName().isEmpty()
                && !template.getNodeName().equals(name)) {
            return new Verdict(false, false);
        }
        if (!selectorMatches(template.getNodeSelector(), node) || !affinityMatches(template, node)) {
            return new Verdict(false, false);
        }
        List<Toleration> tolerations = withDefaultTolerations(template.getTolerations(),
                Boolean.TRUE.equals(template.getHostNetwork()));
        boolean fits = true;
        boolean keep = true;
        for (Taint taint : node.getSpec() == null || node.getSpec().getTaints() == null
                ? List.<Taint>of() : node.getSpec().getTaints()) {
            boolean noExecute = "NoExecute".equals(taint.getEffect());
            if (!noExecute && !"NoSchedule".equals(taint.getEffect())) {
                continue;
            }
            if (tolerations.stream().noneMatch(t -> tolerates(t, taint))) {
                fits = false;
                keep &= !noExecute;
            }
        }
        return fits ? new Verdict(true, true) : new Verdict(false, keep);
    }

    /**
     * The template's tolerations and upstream's defaults for daemon pods: not-ready and
     * unreachable (NoExecute, no time limit), disk-, memory- and pid-pressure and unschedulable
     * (NoSchedule), and network-unavailable for host-network pods.
     */
    static List<Toleration> withDefaultTolerations(List<Toleration> own, boolean hostNetwork) {
        List<Toleration> all = new ArrayList<>(own == null ? List.of() : own);
        add(all, "node.kubernetes.io/not-ready", "NoExecute");
        add(all, "node.kubernetes.io/unreachable", "NoExecute");
        add(all, "node.kubernetes.io/disk-pressure", "NoSchedule");
        add(all, "node.kubernetes.io/memory-pressure", "NoSchedule");
        add(all, "node.kubernetes.io/pid-pressure", "NoSchedule");
        add(all, "node.kubernetes.io/unschedulable", "NoSchedule");
        if (hostNetwork) {
            add(all, "node.kubernetes.io/network-unavailable", "NoSchedule");
        }
        return all;
    }

    private static void add(List<Toleration> all, String key, String effect) {
        Toleration t = new TolerationBuilder().withKey(key).withOperator("Exists")
                .withEffect(effect).build();
        all.removeIf(o -> key.equals(o.getKey()) && effect.equals(o.getEffect()));
        all.add(t);
    }

    /** Upstream's ToleratesTaint. */
    static boolean tolerates(Toleration t, Taint taint) {
        if (t.getEffect() != null && !t.getEffect().isEmpty()
                && !t.getEffect().equals(taint.getEffect())) {
            return false;
        }
        String key = t.getKey() == null ? "" : t.getKey();
        if (!key.isEmpty() && !key.equals(taint.getKey())) {
            return false;
        }
        String op = t.getOperator() == null || t.getOperator().isEmpty() ? "Equal"
                : t.getOperator();
        if (op.equals("Exists")) {
            return true;
        }
        if (key.isEmpty()) {
            return false; // an empty key needs Exists
        }
        String value = t.getValue() == null ? "" : t.getValue();
        return value.equals(taint.getValue() == null ? "" : taint.getValue());
    }

    private static boolean selectorMatches(Map<String, String> selector, Node node) {
        if (selector == null) {
            return true;
        }
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of()
                : node.getMetadata().getLabels();
        return selector.entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static boolean affinityMatches(PodSpec spec, Node node) {
        if (spec.getAffinity() == null || spec.getAffinity().getNodeAffinity() == null) {
            return true;
        }
        NodeSelector required = spec.getAffinity().getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution();
        if (required == null) {
            return true;
        }
        for (NodeSelectorTerm term : required.getNodeSelectorTerms()) {
            if (termMatches(term, node)) {
                return true;
            }
        }
        return false;
    }

    /** A term with no requirement matches nothing, as upstream. */
    private static boolean termMatches(NodeSelectorTerm term, Node node) {
        List<NodeSelectorRequirement> exprs = term.getMatchExpressions() == null ? List.of()
                : term.getMatchExpressions();
        List<NodeSelectorRequirement> fields = term.getMatchFields() == null ? List.of()
                : term.getMatchFields();
        if (exprs.isEmpty() && fields.isEmpty()) {
            return false;
        }
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of()
                : node.getMetadata().getLabels();
        for (NodeSelectorRequirement r : exprs) {
            if (!requirementMatches(r, labels.get(r.getKey()))) {
                return false;
            }
        }
        for (NodeSelectorRequirement r : fields) {
            if (!"metadata.name".equals(r.getKey())
                    || !requirementMatches(r, node.getMetadata().getName())) {
                return false;
            }
        }
        return true;
    }

    private static boolean requirementMatches(NodeSelectorRequirement r, String value) {
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        return switch (r.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            case "Gt", "Lt" -> value != null && values.size() == 1 && compare(r.getOperator(),
                    value, values.getFirst());
            default -> false;
        };
    }

    private static boolean compare(String op, String value, String bound) {
        try {
            long v = Long.parseLong(value);
            long b = Long.parseLong(bound);
            return op.equals("Gt") ? v > b : v < b;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
