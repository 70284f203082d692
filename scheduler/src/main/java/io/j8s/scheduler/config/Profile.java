package io.j8s.scheduler.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One scheduling profile: its {@code schedulerName}, the plugins of each extension point in
 * order, the weight of each score plugin, and each plugin's args (null when none are given).
 *
 * @param points extension point name ("filter", "score", ...) to the plugin names enabled there
 * @param weights score plugin name to its weight
 * @param args plugin name to its {@code pluginConfig} args
 * @param percentageOfNodesToScore the profile's own, or null for the global one
 */
public record Profile(String schedulerName, Map<String, List<String>> points,
        Map<String, Integer> weights, Map<String, JsonNode> args, Integer percentageOfNodesToScore) {
    /** The extension points of a profile's {@code plugins}, in the order a pod meets them. */
    public static final List<String> POINTS = List.of("queueSort", "preEnqueue", "preFilter",
            "filter", "postFilter", "preScore", "score", "reserve", "permit", "preBind", "bind",
            "postBind");

    public Profile {
        points = Map.copyOf(points);
        weights = Map.copyOf(weights);
        args = Map.copyOf(args);
    }

    /** The plugins enabled at {@code point}, in order. */
    public List<String> enabled(String point) {
        return points.getOrDefault(point, List.of());
    }

    /** Every plugin named anywhere in the profile. */
    public Set<String> pluginNames() {
        Set<String> names = new java.util.LinkedHashSet<>();
        POINTS.forEach(p -> names.addAll(enabled(p)));
        return names;
    }

    public int weight(String plugin) {
        return weights.getOrDefault(plugin, 1);
    }
}
