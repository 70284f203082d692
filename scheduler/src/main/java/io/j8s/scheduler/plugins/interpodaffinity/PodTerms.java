package io.j8s.scheduler.plugins.interpodaffinity;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import java.util.List;
import java.util.Map;

/** The four kinds of pod affinity terms of one pod, parsed once. */
record PodTerms(Pod pod, List<AffinityTerm> requiredAffinity, List<AffinityTerm> requiredAnti,
        List<AffinityTerm> preferredAffinity, List<AffinityTerm> preferredAnti) {

    static PodTerms of(Pod pod) {
        Affinity a = pod.getSpec() == null ? null : pod.getSpec().getAffinity();
        var aff = a == null ? null : a.getPodAffinity();
        var anti = a == null ? null : a.getPodAntiAffinity();
        return new PodTerms(pod,
                required(pod, aff == null ? null : aff.getRequiredDuringSchedulingIgnoredDuringExecution()),
                required(pod, anti == null ? null : anti.getRequiredDuringSchedulingIgnoredDuringExecution()),
                preferred(pod, aff == null ? null : aff.getPreferredDuringSchedulingIgnoredDuringExecution()),
                preferred(pod, anti == null ? null : anti.getPreferredDuringSchedulingIgnoredDuringExecution()));
    }

    private static List<AffinityTerm> required(Pod pod, List<PodAffinityTerm> terms) {
        return terms == null ? List.of() : terms.stream().map(t -> AffinityTerm.of(pod, t, 1)).toList();
    }

    private static List<AffinityTerm> preferred(Pod pod, List<WeightedPodAffinityTerm> terms) {
        if (terms == null) {
            return List.of();
        }
        return terms.stream().filter(w -> w.getPodAffinityTerm() != null)
                .map(w -> AffinityTerm.of(pod, w.getPodAffinityTerm(),
                        w.getWeight() == null ? 0 : w.getWeight()))
                .toList();
    }

    boolean hasRequired() {
        return !requiredAffinity.isEmpty() || !requiredAnti.isEmpty();
    }

    boolean hasPreferred() {
        return !preferredAffinity.isEmpty() || !preferredAnti.isEmpty();
    }

    /** True when {@code other} matches every one of {@code terms} (and there is one). */
    static boolean matchesAll(List<AffinityTerm> terms, Pod other, Map<String, String> nsLabels) {
        if (terms.isEmpty()) {
            return false;
        }
        for (AffinityTerm t : terms) {
            if (!t.matches(other, nsLabels)) {
                return false;
            }
        }
        return true;
    }
}
