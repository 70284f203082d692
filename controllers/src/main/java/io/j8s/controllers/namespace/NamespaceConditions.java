package io.j8s.controllers.namespace;

import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.NamespaceConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.stream.Collectors;

/**
 * The five conditions upstream's namespace controller keeps on a terminating namespace, in its
 * order, with its reasons and messages. A condition whose status, reason and message did not
 * change keeps its lastTransitionTime.
 */
final class NamespaceConditions {
    static final String DISCOVERY_FAILURE = "NamespaceDeletionDiscoveryFailure";
    static final String GROUP_VERSION_PARSING_FAILURE = "NamespaceDeletionGroupVersionParsingFailure";
    static final String CONTENT_FAILURE = "NamespaceDeletionContentFailure";
    static final String CONTENT_REMAINING = "NamespaceContentRemaining";
    static final String FINALIZERS_REMAINING = "NamespaceFinalizersRemaining";

    private NamespaceConditions() {}

    /**
     * The conditions after one pass.
     *
     * @param failedGroups discovery errors by group version
     * @param failedDeletes deletion errors by resource
     * @param remaining objects left by resource ({@code pods.}, {@code deployments.apps})
     * @param finalizers objects left by finalizer
     */
    static List<NamespaceCondition> of(Map<String, String> failedGroups,
            List<String> failedDeletes, SortedMap<String, Integer> remaining,
            SortedMap<String, Integer> finalizers, List<NamespaceCondition> before,
            Instant now) {
        List<NamespaceCondition> next = new ArrayList<>();
        next.add(failedGroups.isEmpty()
                ? condition(DISCOVERY_FAILURE, false, "ResourcesDiscovered",
                        "All resources successfully discovered")
                : condition(DISCOVERY_FAILURE, true, "DiscoveryFailed",
                        "Discovery failed for some groups, " + failedGroups.size() + " failing: "
                                + "unable to retrieve the complete list of server APIs: "
                                + failedGroups.entrySet().stream()
                                        .map(e -> e.getKey() + ": " + e.getValue())
                                        .collect(Collectors.joining(", "))));
        next.add(condition(GROUP_VERSION_PARSING_FAILURE, false, "ParsedGroupVersions",
                "All legacy kube types successfully parsed"));
        next.add(failedDeletes.isEmpty()
                ? condition(CONTENT_FAILURE, false, "ContentDeleted",
                        "All content successfully deleted, may be waiting on finalization")
                : condition(CONTENT_FAILURE, true, "ContentDeletionFailed",
                        "Failed to delete all resource types, " + failedDeletes.size()
                                + " remaining: " + aggregate(failedDeletes)));
        next.add(remaining.isEmpty()
                ? condition(CONTENT_REMAINING, false, "ContentRemoved",
                        "All content successfully removed")
                : condition(CONTENT_REMAINING, true, "SomeResourcesRemain",
                        "Some resources are remaining: " + remaining.entrySet().stream()
                                .map(e -> e.getKey() + " has " + e.getValue()
                                        + " resource instances")
                                .collect(Collectors.joining(", "))));
        next.add(finalizers.isEmpty()
                ? condition(FINALIZERS_REMAINING, false, "ContentHasNoFinalizers",
                        "All content-preserving finalizers finished")
                : condition(FINALIZERS_REMAINING, true, "SomeFinalizersRemain",
                        "Some content in the namespace has finalizers remaining: "
                                + finalizers.entrySet().stream()
                                        .map(e -> e.getKey() + " in " + e.getValue()
                                                + " resource instances")
                                        .collect(Collectors.joining(", "))));
        for (NamespaceCondition c : next) {
            NamespaceCondition old = before == null ? null : before.stream()
                    .filter(b -> c.getType().equals(b.getType())).findFirst().orElse(null);
            boolean same = old != null && Objects.equals(old.getStatus(), c.getStatus())
                    && Objects.equals(old.getReason(), c.getReason())
                    && Objects.equals(old.getMessage(), c.getMessage());
            c.setLastTransitionTime(same ? old.getLastTransitionTime() : now.toString());
        }
        return next;
    }

    private static String aggregate(List<String> errors) {
        return errors.size() == 1 ? errors.getFirst() : "[" + String.join(", ", errors) + "]";
    }

    private static NamespaceCondition condition(String type, boolean status, String reason,
            String message) {
        return new NamespaceConditionBuilder().withType(type)
                .withStatus(status ? "True" : "False").withReason(reason).withMessage(message)
                .build();
    }
}
