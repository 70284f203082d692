package io.j8s.apiserver.table;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Label selectors as upstream prints them: requirements sorted by key, {@code app=web},
 * {@code tier in (a,b)}, {@code tier notin (a)}, {@code tier}, {@code !tier}.
 */
final class SelectorText {
    private SelectorText() {}

    /** Upstream's {@code FormatLabelSelector}: {@code <none>} when empty, {@code <error>} when invalid. */
    static String format(LabelSelector selector) {
        Optional<String> s = requirements(selector);
        if (s.isEmpty()) {
            return "<error>";
        }
        return s.get().isEmpty() ? CellText.NONE : s.get();
    }

    /** The selector as a string, empty when it selects nothing or everything, as deployments print. */
    static String plain(LabelSelector selector) {
        return requirements(selector).orElse("<invalid>");
    }

    private record Requirement(String key, String text) {}

    /** The requirements joined by commas; empty when there are none; absent when invalid. */
    private static Optional<String> requirements(LabelSelector selector) {
        if (selector == null) {
            return Optional.of("");
        }
        List<Requirement> reqs = new ArrayList<>();
        Map<String, String> labels = selector.getMatchLabels();
        if (labels != null) {
            labels.forEach((k, v) -> reqs.add(new Requirement(k, k + "=" + v)));
        }
        for (LabelSelectorRequirement r : CellText.orEmpty(selector.getMatchExpressions())) {
            List<String> values = new ArrayList<>(CellText.orEmpty(r.getValues()));
            values.sort(Comparator.naturalOrder());
            String key = r.getKey();
            String op = r.getOperator() == null ? "" : r.getOperator();
            String text = switch (op) {
                case "In" -> values.isEmpty() ? null : key + " in (" + String.join(",", values) + ")";
                case "NotIn" -> values.isEmpty() ? null
                        : key + " notin (" + String.join(",", values) + ")";
                case "Exists" -> values.isEmpty() ? key : null;
                case "DoesNotExist" -> values.isEmpty() ? "!" + key : null;
                default -> null;
            };
            if (text == null) {
                return Optional.empty();
            }
            reqs.add(new Requirement(key, text));
        }
        reqs.sort(Comparator.comparing(Requirement::key));
        return Optional.of(String.join(",", reqs.stream().map(Requirement::text).toList()));
    }
}
