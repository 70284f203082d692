package io.j8s.apiserver.rbac;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether some rules cover others, as upstream's {@code validation.Covers}: each wanted rule is
 * broken into one verb on one group and resource (and name), or one verb on one URL, and each
 * piece must be allowed by a held rule. A {@code "*"} wanted is covered only by a {@code "*"}.
 */
final class Coverage {
    private Coverage() {}

    /** The pieces of {@code wanted} that {@code held} does not cover; empty when covered. */
    static List<PolicyRule> missing(List<PolicyRule> held, List<PolicyRule> wanted) {
        List<PolicyRule> missing = new ArrayList<>();
        for (PolicyRule w : wanted) {
            for (PolicyRule piece : pieces(w)) {
                if (held.stream().noneMatch(h -> covers(h, piece))) {
                    missing.add(piece);
                }
            }
        }
        return missing;
    }

    static List<PolicyRule> pieces(PolicyRule r) {
        List<PolicyRule> out = new ArrayList<>();
        for (String verb : r.verbs()) {
            for (String url : r.nonResourceURLs()) {
                out.add(new PolicyRule(List.of(verb), List.of(), List.of(), List.of(),
                        List.of(url)));
            }
            for (String group : r.apiGroups()) {
                for (String resource : r.resources()) {
                    if (r.resourceNames().isEmpty()) {
                        out.add(new PolicyRule(List.of(verb), List.of(group), List.of(resource),
                                List.of(), List.of()));
                    }
                    for (String name : r.resourceNames()) {
                        out.add(new PolicyRule(List.of(verb), List.of(group), List.of(resource),
                                List.of(name), List.of()));
                    }
                }
            }
        }
        return out;
    }

    private static boolean covers(PolicyRule held, PolicyRule piece) {
        if (!PolicyRule.has(held.verbs(), piece.verbs().getFirst())) {
            return false;
        }
        if (!piece.nonResourceURLs().isEmpty()) {
            return PolicyRule.nonResourceMatches(held.nonResourceURLs(),
                    piece.nonResourceURLs().getFirst());
        }
        String resource = piece.resources().getFirst();
        boolean resourceCovered = held.resources().contains("*")
                || held.resources().contains(resource)
                || resource.contains("/") && held.resources().contains(
                        "*/" + resource.substring(resource.indexOf('/') + 1));
        return PolicyRule.has(held.apiGroups(), piece.apiGroups().getFirst()) && resourceCovered
                && (held.resourceNames().isEmpty() || !piece.resourceNames().isEmpty()
                        && held.resourceNames().contains(piece.resourceNames().getFirst()));
    }
}
