package io.j8s.scheduler.plugins.interpodaffinity;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.j8s.api.selectors.LabelSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One pod (anti-)affinity term of a pod, ready to match (upstream's {@code AffinityTerm}): the
 * namespaces it names (its owner's when it names none and has no selector), the namespace
 * selector, the label selector with matchLabelKeys/mismatchLabelKeys folded in from the owner's
 * labels, the topology key and, for preferred terms, the weight.
 */
record AffinityTerm(Set<String> namespaces, LabelSelector namespaceSelector, LabelSelector selector,
        String topologyKey, int weight) {

    static AffinityTerm of(Pod owner, PodAffinityTerm t, int weight) {
        Set<String> namespaces = t.getNamespaces() == null ? Set.of() : Set.copyOf(t.getNamespaces());
        LabelSelector nsSelector = t.getNamespaceSelector() == null ? null
                : LabelSelector.of(t.getNamespaceSelector());
        if (namespaces.isEmpty() && nsSelector == null) {
            namespaces = Set.of(owner.getMetadata().getNamespace());
        }
        var selector = t.getLabelSelector();
        Map<String, String> ownerLabels = owner.getMetadata().getLabels();
        boolean keys = ownerLabels != null && selector != null
                && (notEmpty(t.getMatchLabelKeys()) || notEmpty(t.getMismatchLabelKeys()));
        if (keys) {
            List<LabelSelectorRequirement> extra = new ArrayList<>();
            if (selector.getMatchExpressions() != null) {
                extra.addAll(selector.getMatchExpressions());
            }
            addKeys(extra, t.getMatchLabelKeys(), ownerLabels, "In");
            addKeys(extra, t.getMismatchLabelKeys(), ownerLabels, "NotIn");
            selector = new LabelSelectorBuilder().withMatchLabels(selector.getMatchLabels())
                    .withMatchExpressions(extra).build();
        }
        return new AffinityTerm(namespaces, nsSelector, LabelSelector.of(selector),
                t.getTopologyKey() == null ? "" : t.getTopologyKey(), weight);
    }

    private static void addKeys(List<LabelSelectorRequirement> out, List<String> keys,
            Map<String, String> labels, String operator) {
        if (keys == null) {
            return;
        }
        for (String k : keys) {
            String v = labels.get(k);
            if (v != null) {
                out.add(new LabelSelectorRequirement(k, operator, List.of(v)));
            }
        }
    }

    private static boolean notEmpty(List<String> l) {
        return l != null && !l.isEmpty();
    }

    /** Whether {@code pod}, in a namespace with labels {@code nsLabels}, is selected. */
    boolean matches(Pod pod, Map<String, String> nsLabels) {
        String ns = pod.getMetadata().getNamespace();
        boolean inNamespace = namespaces.contains(ns)
                || (namespaceSelector != null && namespaceSelector.matches(nsLabels));
        return inNamespace && selector.matches(pod.getMetadata().getLabels());
    }
}
