package io.j8s.apiserver.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Upstream's Pod Security checks in upstream's order (the baseline ones by id, then the
 * restricted ones by id), each from the minor version it appeared in; a restricted check may
 * stand in for a baseline one (restricted volume types for hostPath volumes, and so on).
 */
final class Checks {
    /** One check: {@code run} answers the violation of a pod, if any. */
    record Check(String id, Policy.Level level, int since, String overrides, Rule run) {}

    interface Rule {
        Optional<Violation> run(Pod pod, int minor);
    }

    /** What a pod breaks: upstream's reason and detail. */
    record Violation(String reason, String detail) {
        @Override
        public String toString() {
            return detail.isEmpty() ? reason : reason + " (" + detail + ")";
        }
    }

    static final List<Check> ALL;

    static {
        List<Check> all = new ArrayList<>(BaselineChecks.all());
        all.addAll(RestrictedChecks.all());
        ALL = List.copyOf(all);
    }

    private Checks() {}

    /** What {@code pod} breaks of {@code policy}; empty when it is allowed. */
    static List<Violation> evaluate(Policy policy, Pod pod) {
        if (policy.level() == Policy.Level.PRIVILEGED) {
            return List.of();
        }
        List<Check> applying = ALL.stream()
                .filter(c -> c.level().ordinal() <= policy.level().ordinal()
                        && c.since() <= policy.minor())
                .toList();
        List<String> overridden = applying.stream().map(Check::overrides)
                .filter(o -> o != null).toList();
        List<Violation> out = new ArrayList<>();
        for (Check c : applying) {
            if (!overridden.contains(c.id())) {
                c.run().run(pod, policy.minor()).ifPresent(out::add);
            }
        }
        return out;
    }

    /** Upstream's message: {@code reason (detail), reason (detail)}. */
    static String describe(List<Violation> violations) {
        return violations.stream().map(Violation::toString).collect(Collectors.joining(", "));
    }

    static String joinQuote(Collection<String> items) {
        return items.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", "));
    }

    static String pluralize(String one, String many, int n) {
        return n == 1 ? one : many;
    }

    /** {@code container "a"} or {@code containers "a", "b"}. */
    static String containers(List<String> names) {
        return pluralize("container", "containers", names.size()) + " " + joinQuote(names);
    }

    /** {@code pod}, {@code containers "a"}, or {@code pod and container "a"}. */
    static String setters(boolean pod, List<String> names) {
        List<String> parts = new ArrayList<>();
        if (pod) {
            parts.add("pod");
        }
        if (!names.isEmpty()) {
            parts.add(containers(names));
        }
        return String.join(" and ", parts);
    }

    static boolean isTrue(JsonNode node, String field) {
        return node.path(field).asBoolean(false) && node.path(field).isBoolean();
    }
}
