package io.j8s.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Renders the scheduler's account of a pod as {@code j8s explain} prints it: for a bound pod the
 * decision (nodes evaluated, what each Filter plugin rejected, the top candidates with their
 * weighted scores per plugin); for a pending pod the last attempt's message and per-node verdicts.
 */
final class DecisionTable {
    static final String DECISION = "scheduling.j8s.io/decision";
    static final String LAST_ATTEMPT = "scheduling.j8s.io/last-attempt";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DecisionTable() {}

    static String render(Pod pod) {
        String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        Map<String, String> annotations = pod.getMetadata().getAnnotations() == null ? Map.of()
                : pod.getMetadata().getAnnotations();
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        StringBuilder sb = new StringBuilder();
        try {
            if (node != null && !node.isEmpty()) {
                String decision = annotations.get(DECISION);
                sb.append("Pod ").append(key).append(": bound to ").append(node).append('\n');
                if (decision == null) {
                    sb.append("No decision record: the pod was not bound by the j8s scheduler"
                            + " (spec.nodeName set directly, or another scheduler).\n");
                    return sb.toString();
                }
                bound(JSON.readTree(decision), sb);
            } else {
                sb.append("Pod ").append(key).append(": pending");
                PodCondition c = pod.getStatus() == null || pod.getStatus().getConditions() == null ? null
                        : pod.getStatus().getConditions().stream()
                                .filter(x -> "PodScheduled".equals(x.getType())).findFirst().orElse(null);
                if (c != null) {
                    sb.append(" (PodScheduled=").append(c.getStatus()).append(' ').append(c.getReason())
                            .append(")\n").append(c.getMessage() == null ? "" : c.getMessage()).append('\n');
                } else {
                    sb.append('\n');
                }
                String last = annotations.get(LAST_ATTEMPT);
                if (last == null) {
                    if (c == null) {
                        sb.append("The scheduler has not tried this pod yet (is spec.schedulerName"
                                + " one of its profiles?).\n");
                    }
                    return sb.toString();
                }
                pending(JSON.readTree(last), sb);
            }
        } catch (java.io.IOException e) {
            sb.append("unreadable scheduler record: ").append(e.getMessage()).append('\n');
        }
        return sb.toString();
    }

    private static void bound(JsonNode d, StringBuilder sb) {
        sb.append("Profile ").append(d.path("profile").asText()).append(": ")
                .append(d.path("nodes").asInt()).append(" nodes, ").append(d.path("evaluated").asInt())
                .append(" evaluated, ").append(d.path("feasible").asInt()).append(" feasible\n");
        filters(d.path("filters"), sb);
        JsonNode top = d.path("top");
        if (top.isEmpty()) {
            return;
        }
        TreeSet<String> plugins = new TreeSet<>();
        top.forEach(c -> c.path("scores").fieldNames().forEachRemaining(plugins::add));
        List<String> header = new ArrayList<>(List.of("CANDIDATE", "TOTAL"));
        header.addAll(plugins);
        List<List<String>> rows = new ArrayList<>();
        rows.add(header);
        for (JsonNode c : top) {
            List<String> row = new ArrayList<>(List.of(c.path("node").asText(), c.path("total").asText()));
            plugins.forEach(p -> row.add(c.path("scores").has(p) ? c.path("scores").path(p).asText() : "-"));
            rows.add(row);
        }
        sb.append('\n').append("Top candidates (scores are weighted; the first was chosen):\n");
        table(rows, sb);
    }

    private static void pending(JsonNode d, StringBuilder sb) {
        sb.append("Last attempt, profile ").append(d.path("profile").asText()).append(": ")
                .append(d.path("nodes").asInt()).append(" nodes, ")
                .append(d.path("evaluated").asInt()).append(" rejected\n");
        filters(d.path("filters"), sb);
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("NODE", "PLUGIN", "REASON"));
        d.path("verdicts").forEach(v -> rows.add(List.of(v.path("node").asText(),
                v.path("plugin").asText(), v.path("reason").asText())));
        if (rows.size() > 1) {
            sb.append('\n');
            table(rows, sb);
        }
        if (d.path("truncated").asBoolean()) {
            sb.append("(more nodes than fit in the record)\n");
        }
    }

    private static void filters(JsonNode filters, StringBuilder sb) {
        if (filters.isEmpty()) {
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("FILTER", "REJECTED", "REASONS"));
        for (Iterator<Map.Entry<String, JsonNode>> it = filters.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            List<String> reasons = new ArrayList<>();
            e.getValue().path("reasons").fields().forEachRemaining(r ->
                    reasons.add(r.getValue().asInt() + " " + r.getKey()));
            rows.add(List.of(e.getKey(), e.getValue().path("rejected").asText(), String.join(", ", reasons)));
        }
        sb.append('\n');
        table(rows, sb);
    }

    private static void table(List<List<String>> rows, StringBuilder sb) {
        int cols = rows.get(0).size();
        int[] width = new int[cols];
        rows.forEach(r -> {
            for (int i = 0; i < cols; i++) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        });
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                line.append(i == cols - 1 ? r.get(i) : String.format("%-" + (width[i] + 3) + "s", r.get(i)));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
