package io.j8s.scheduler.plugins.podtopologyspread;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/**
 * Whether a node counts for the incoming pod's spread: nodeAffinityPolicy Honor counts only
 * nodes that match the pod's nodeSelector and required node affinity; nodeTaintsPolicy Honor
 * only nodes whose NoSchedule/NoExecute taints the pod tolerates. (A private copy of the node
 * selector and toleration matching that the plugins' shared matching package also has.)
 */
final class NodeInclusion {
    private NodeInclusion() {}

    static boolean matchesNodeAffinity(Pod pod, Node node) {
        Map<String, String> labels = labels(node);
        Map<String, String> selector = pod.getSpec().getNodeSelector();
        if (selector != null) {
            for (Map.Entry<String, String> e : selector.entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        var affinity = pod.getSpec().getAffinity();
        var required = affinity == null || affinity.getNodeAffinity() == null ? null
                : affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        if (required == null || required.getNodeSelectorTerms() == null) {
            return true;
        }
        for (NodeSelectorTerm term : required.getNodeSelectorTerms()) {
            if (termMatches(term, node, labels)) {
                return true;
            }
        }
        return false;
    }

    private static boolean termMatches(NodeSelectorTerm term, Node node, Map<String, String> labels) {
        List<NodeSelectorRequirement> exprs = term.getMatchExpressions() == null ? List.of()
                : term.getMatchExpressions();
        List<NodeSelectorRequirement> fields = term.getMatchFields() == null ? List.of()
                : term.getMatchFields();
        if (exprs.isEmpty() && fields.isEmpty()) {
            return false;
        }
        for (NodeSelectorRequirement r : exprs) {
            if (!requirementMatches(r, labels.get(r.getKey()), labels.containsKey(r.getKey()))) {
                return false;
            }
        }
        for (NodeSelectorRequirement r : fields) {
            String name = node.getMetadata().getName();
            if (!"metadata.name".equals(r.getKey()) || !requirementMatches(r, name, true)) {
                return false;
            }
        }
        return true;
    }

    private static boolean requirementMatches(NodeSelectorRequirement r, String value, boolean has) {
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        return switch (r.getOperator() == null ? "" : r.getOperator()) {
            case "In" -> has && values.contains(value);
            case "NotIn" -> !has || !values.contains(value);
            case "Exists" -> has;
            case "DoesNotExist" -> !has;
            case "Gt", "Lt" -> has && values.size() == 1 && compare(value, values.get(0), r.getOperator());
            default -> false;
        };
    }

    private static boolean compare(String value, String bound, String op) {
        try {
            long v = Long.parseLong(value);
            long b = Long.parseLong(bound);
            return op.equals("Gt") ? v > b : v < b;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static boolean toleratesTaints(Pod pod, Node node) {
        List<Taint> taints = node.getSpec() == null ? null : node.getSpec().getTaints();
        if (taints == null) {
            return true;
        }
        List<Toleration> tolerations = pod.getSpec().getTolerations() == null ? List.of()
                : pod.getSpec().getTolerations();
        for (Taint t : taints) {
            if ("PreferNoSchedule".equals(t.getEffect())) {
                continue;
            }
            if (tolerations.stream().noneMatch(tol -> tolerates(tol, t))) {
                return false;
            }
        }
        return true;
    }

    private static boolean tolerates(Toleration tol, Taint taint) {
        if (tol.getEffect() != null && !tol.getEffect().isEmpty()
                && !tol.getEffect().equals(taint.getEffect())) {
            return false;
        }
        String key = tol.getKey() == null ? "" : tol.getKey();
        if (!key.isEmpty() && !key.equals(taint.getKey())) {
            return false;
        }
        if ("Exists".equals(tol.getOperator())) {
            return true;
        }
        if (key.isEmpty()) {
            return false;
        }
        String v = tol.getValue() == null ? "" : tol.getValue();
        return v.equals(taint.getValue() == null ? "" : taint.getValue());
    }

    static Map<String, String> labels(Node node) {
        Map<String, String> l = node == null || node.getMetadata() == null ? null
                : node.getMetadata().getLabels();
        return l == null ? Map.of() : l;
    }
}
