package io.j8s.controllers.daemonset;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.j8s.controllers.history.Revisions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A DaemonSet's pods: how one is made for a node, and which node a pod is for. */
final class DaemonPods {
    static final String TEMPLATE_GENERATION_LABEL = "pod-template-generation";

    private DaemonPods() {}

    /**
     * A pod for {@code node}: the template with the default daemon tolerations, and its required
     * node affinity's matchFields replaced by {@code metadata.name In [node]} in every term (or
     * one such term), so the scheduler binds it there, as upstream.
     */
    static Pod newPod(DaemonSet ds, String node, String hash) {
        var template = ds.getSpec().getTemplate();
        Map<String, String> labels = new HashMap<>();
        if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
            labels.putAll(template.getMetadata().getLabels());
        }
        labels.put(Revisions.HASH_LABEL, hash);
        if (ds.getMetadata().getGeneration() != null) {
            labels.put(TEMPLATE_GENERATION_LABEL, ds.getMetadata().getGeneration().toString());
        }
        ObjectMetaBuilder meta = template.getMetadata() == null ? new ObjectMetaBuilder()
                : new ObjectMetaBuilder(template.getMetadata());
        PodSpec spec = new PodSpecBuilder(template.getSpec()).build();
        spec.setTolerations(NodeEligibility.withDefaultTolerations(spec.getTolerations(),
                Boolean.TRUE.equals(spec.getHostNetwork())));
        spec.setAffinity(pinned(spec.getAffinity(), node));
        return new PodBuilder().withMetadata(meta.withName(null)
                .withGenerateName(ds.getMetadata().getName() + "-")
                .withNamespace(ds.getMetadata().getNamespace()).withLabels(labels)
                .withOwnerReferences(Revisions.controllerRef(ds)).build())
                .withSpec(spec).build();
    }

    private static Affinity pinned(Affinity affinity, String node) {
        Affinity a = affinity == null ? new Affinity() : affinity;
        NodeAffinity na = a.getNodeAffinity() == null ? new NodeAffinity() : a.getNodeAffinity();
        NodeSelector required = na.getRequiredDuringSchedulingIgnoredDuringExecution();
        NodeSelectorRequirement byName = new NodeSelectorRequirementBuilder()
                .withKey("metadata.name").withOperator("In").withValues(node).build();
        List<NodeSelectorTerm> terms = new ArrayList<>();
        if (required == null || required.getNodeSelectorTerms() == null
                || required.getNodeSelectorTerms().isEmpty()) {
            terms.add(new NodeSelectorTermBuilder().withMatchFields(byName).build());
        } else {
            for (NodeSelectorTerm t : required.getNodeSelectorTerms()) {
                terms.add(new NodeSelectorTermBuilder(t).withMatchFields(byName).build());
            }
        }
        na.setRequiredDuringSchedulingIgnoredDuringExecution(new NodeSelector(terms));
        a.setNodeAffinity(na);
        return a;
    }

    /** The node a pod runs on, or for an unbound pod the node its affinity pins it to. */
    static String nodeOf(Pod pod) {
        if (pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty()) {
            return pod.getSpec().getNodeName();
        }
        Affinity a = pod.getSpec().getAffinity();
        if (a == null || a.getNodeAffinity() == null || a.getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return null;
        }
        for (NodeSelectorTerm t : a.getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms()) {
            for (NodeSelectorRequirement r : t.getMatchFields() == null
                    ? List.<NodeSelectorRequirement>of() : t.getMatchFields()) {
                if ("metadata.name".equals(r.getKey()) && "In".equals(r.getOperator())
                        && r.getValues() != null && r.getValues().size() == 1) {
                    return r.getValues().getFirst();
                }
            }
        }
        return null;
    }

    /** The pod runs the template of hash {@code hash}. */
    static boolean updated(Pod pod, String hash) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels != null && hash.equals(labels.get(Revisions.HASH_LABEL));
    }
}
