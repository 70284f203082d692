package io.j8s.scheduler.plugins.matching;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;

/**
 * Node selector terms against a Node, as upstream's {@code nodeaffinity.NodeSelector}: the terms
 * are ORed, the requirements of one term ANDed; a term with no requirement, or with one that
 * does not parse (an unknown operator, {@code Gt} with two values...), matches no node.
 * {@code matchFields} knows {@code metadata.name} with In/NotIn and one value.
 */
public final class NodeSelectors {
    private NodeSelectors() {}

    /** True when {@code node} matches at least one of {@code terms}. */
    public static boolean matches(List<NodeSelectorTerm> terms, Node node) {
        if (terms == null) {
            return false;
        }
        for (NodeSelectorTerm term : terms) {
            if (term != null && matches(term, node)) {
                return true;
            }
        }
        return false;
    }

    /** As {@link #matches(List, Node)}. */
    public static boolean matches(Node node, NodeSelectorTerm... terms) {
        return matches(List.of(terms), node);
    }

    /** True when {@code node} matches every requirement of a non-empty {@code term}. */
    public static boolean matches(NodeSelectorTerm term, Node node) {
        List<NodeSelectorRequirement> exprs = orEmpty(term.getMatchExpressions());
        List<NodeSelectorRequirement> fields = orEmpty(term.getMatchFields());
        if (exprs.isEmpty() && fields.isEmpty()) {
            return false;
        }
        Map<String, String> labels = node.getMetadata() == null ? null : node.getMetadata().getLabels();
        for (NodeSelectorRequirement r : exprs) {
            if (!labelMatches(r, labels == null ? Map.of() : labels)) {
                return false;
            }
        }
        for (NodeSelectorRequirement r : fields) {
            if (!fieldMatches(r, node)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Upstream's {@code RequiredNodeAffinity}: the pod's {@code spec.nodeSelector} (every label
     * equal) and its required node affinity terms both hold on {@code node}.
     */
    public static boolean podMatches(Pod pod, Node node) {
        Map<String, String> selector = pod.getSpec() == null ? null : pod.getSpec().getNodeSelector();
        if (selector != null && !selector.isEmpty()) {
            Map<String, String> labels = node.getMetadata() == null ? null : node.getMetadata().getLabels();
            for (Map.Entry<String, String> e : selector.entrySet()) {
                if (labels == null || !labels.containsKey(e.getKey())
                        || !labels.get(e.getKey()).equals(e.getValue() == null ? "" : e.getValue())) {
                    return false;
                }
            }
        }
        NodeSelector required = requiredAffinity(pod);
        return required == null || matches(required.getNodeSelectorTerms(), node);
    }

    /** The pod's {@code requiredDuringSchedulingIgnoredDuringExecution} node selector, or null. */
    public static NodeSelector requiredAffinity(Pod pod) {
        NodeAffinity na = pod.getSpec() == null || pod.getSpec().getAffinity() == null ? null
                : pod.getSpec().getAffinity().getNodeAffinity();
        return na == null ? null : na.getRequiredDuringSchedulingIgnoredDuringExecution();
    }

    static boolean labelMatches(NodeSelectorRequirement r, Map<String, String> labels) {
        List<String> values = orEmpty(r.getValues());
        String key = r.getKey();
        if (key == null || key.isEmpty()) {
            return false;
        }
        String op = r.getOperator() == null ? "" : r.getOperator();
        boolean has = labels.containsKey(key);
        String value = labels.get(key);
        return switch (op) {
            case "In" -> !values.isEmpty() && has && values.contains(value);
            case "NotIn" -> !values.isEmpty() && (!has || !values.contains(value));
            case "Exists" -> values.isEmpty() && has;
            case "DoesNotExist" -> values.isEmpty() && !has;
            case "Gt", "Lt" -> compare(op, values, has ? value : null);
            default -> false;
        };
    }

    private static boolean compare(String op, List<String> values, String labelValue) {
        if (values.size() != 1 || labelValue == null) {
            return false;
        }
        long want;
        long have;
        try {
            want = Long.parseLong(values.get(0));
            have = Long.parseLong(labelValue);
        } catch (NumberFormatException e) {
            return false;
        }
        return "Gt".equals(op) ? have > want : have < want;
    }

    static boolean fieldMatches(NodeSelectorRequirement r, Node node) {
        List<String> values = orEmpty(r.getValues());
        if (!"metadata.name".equals(r.getKey()) || values.size() != 1) {
            return false;
        }
        String name = node.getMetadata() == null ? null : node.getMetadata().getName();
        return switch (r.getOperator() == null ? "" : r.getOperator()) {
            case "In" -> values.get(0).equals(name);
            case "NotIn" -> !values.get(0).equals(name);
            default -> false;
        };
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
