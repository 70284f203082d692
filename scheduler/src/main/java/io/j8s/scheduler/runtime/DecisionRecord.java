package io.j8s.scheduler.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.scheduler.framework.Status;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * j8s's account of a scheduling decision, beyond upstream: on a bound pod the annotation
 * {@value #DECISION} (how many nodes there were and were evaluated, how many each Filter plugin
 * rejected and why, the top candidates with their weighted per-plugin scores); on a pending pod
 * {@value #LAST_ATTEMPT} (the per-node verdicts of the last attempt). Compact JSON, capped at
 * {@value #MAX_BYTES} bytes: reasons, then candidates and verdicts are dropped to fit.
 */
final class DecisionRecord {
    static final String DECISION = "scheduling.j8s.io/decision";
    static final String LAST_ATTEMPT = "scheduling.j8s.io/last-attempt";
    static final int MAX_BYTES = 4096;
    private static final int MAX_VERDICTS = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One candidate node: its weighted score per plugin and their total. */
    record Candidate(String node, long total, Map<String, Long> scores) {}

    private DecisionRecord() {}

    static String bound(String profile, String node, int nodes, int evaluated, int feasible,
            Map<String, Status> filtered, List<Candidate> top) {
        ObjectNode o = JSON.createObjectNode();
        o.put("profile", profile);
        o.put("node", node);
        o.put("nodes", nodes);
        o.put("evaluated", evaluated);
        o.put("feasible", feasible);
        o.set("filters", filters(filtered, true));
        ArrayNode candidates = o.putArray("top");
        for (Candidate c : top) {
            ObjectNode n = candidates.addObject();
            n.put("node", c.node());
            n.put("total", c.total());
            ObjectNode s = n.putObject("scores");
            new TreeMap<>(c.scores()).forEach(s::put);
        }
        String text = o.toString();
        if (text.length() > MAX_BYTES) {
            o.set("filters", filters(filtered, false));
            text = o.toString();
        }
        while (text.length() > MAX_BYTES && !candidates.isEmpty()) {
            candidates.remove(candidates.size() - 1);
            text = o.toString();
        }
        return text;
    }

    static String pending(String profile, int nodes, Map<String, Status> filtered, String message) {
        ObjectNode o = JSON.createObjectNode();
        o.put("profile", profile);
        o.put("nodes", nodes);
        o.put("evaluated", filtered.size());
        o.put("message", message);
        o.set("filters", filters(filtered, true));
        ArrayNode verdicts = o.putArray("verdicts");
        int n = 0;
        for (Map.Entry<String, Status> e : new TreeMap<>(filtered).entrySet()) {
            if (n++ >= MAX_VERDICTS) {
                break;
            }
            ObjectNode v = verdicts.addObject();
            v.put("node", e.getKey());
            v.put("plugin", e.getValue().plugin() == null ? "" : e.getValue().plugin());
            v.put("reason", e.getValue().message());
        }
        String text = o.toString();
        while (text.length() > MAX_BYTES && !verdicts.isEmpty()) {
            verdicts.remove(verdicts.size() - 1);
            o.put("truncated", true);
            text = o.toString();
        }
        if (text.length() > MAX_BYTES) {
            o.set("filters", filters(filtered, false));
            text = o.toString();
        }
        return text;
    }

    /** Per Filter plugin: how many nodes it rejected and (with reasons) how often for each reason. */
    private static ObjectNode filters(Map<String, Status> filtered, boolean reasons) {
        Map<String, Map<String, Integer>> byPlugin = new TreeMap<>();
        Map<String, Integer> rejected = new TreeMap<>();
        for (Status s : filtered.values()) {
            String plugin = s.plugin() == null || s.plugin().isEmpty() ? "?" : s.plugin();
            rejected.merge(plugin, 1, Integer::sum);
            Map<String, Integer> r = byPlugin.computeIfAbsent(plugin, k -> new TreeMap<>());
            for (String reason : s.reasons().isEmpty() ? List.of("") : s.reasons()) {
                r.merge(reason, 1, Integer::sum);
            }
        }
        ObjectNode out = JSON.createObjectNode();
        byPlugin.forEach((plugin, r) -> {
            ObjectNode p = out.putObject(plugin);
            p.put("rejected", rejected.get(plugin));
            if (reasons) {
                ObjectNode rs = p.putObject("reasons");
                r.forEach(rs::put);
            }
        });
        return out;
    }
}
