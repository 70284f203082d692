package io.j8s.scheduler.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Upstream's v1 default plugins ({@code multiPoint}) in their order, with their score weights.
 * The runtime enables each at every extension point it implements.
 */
public final class DefaultProfile {
    public static final String NAME = "default-scheduler";

    /**
     * Where VolumeBinding goes when the storage issue adds it (upstream has it between
     * NodeResourcesFit and PodTopologySpread; Filter, Reserve, PreBind, score weight 1 when
     * its StorageCapacityScoring is on). Add its name to {@link #PLUGINS} and to InTreePlugins.
     */
    public static final String VOLUME_BINDING = "VolumeBinding";

    /** Name and score weight (0: not a score plugin), in upstream's order. */
    static final List<Map.Entry<String, Integer>> PLUGINS = List.of(
            Map.entry("SchedulingGates", 0),
            Map.entry("PrioritySort", 0),
            Map.entry("NodeUnschedulable", 0),
            Map.entry("NodeName", 0),
            Map.entry("TaintToleration", 3),
            Map.entry("NodeAffinity", 2),
            Map.entry("NodePorts", 0),
            Map.entry("NodeResourcesFit", 1),
            // VOLUME_BINDING goes here (storage issue)
            Map.entry("PodTopologySpread", 2),
            Map.entry("InterPodAffinity", 2),
            Map.entry("DefaultPreemption", 0),
            Map.entry("NodeResourcesBalancedAllocation", 1),
            Map.entry("ImageLocality", 1),
            Map.entry("DefaultBinder", 0));

    private DefaultProfile() {}

    /** The default plugin names in order. */
    public static List<String> names() {
        return PLUGINS.stream().map(Map.Entry::getKey).toList();
    }

    /** Default weight of a score plugin (1 for one not in the defaults). */
    static int weight(String name) {
        return PLUGINS.stream().filter(e -> e.getKey().equals(name)).map(Map.Entry::getValue)
                .filter(w -> w > 0).findFirst().orElse(1);
    }

    /**
     * The default profile under {@code schedulerName}: every default plugin that is
     * {@code registered} (the others are skipped, so the scheduler runs with what it has), at
     * every point; the runtime keeps it only at the points the plugin implements.
     */
    public static Profile of(String schedulerName, Set<String> registered) {
        List<String> names = new ArrayList<>();
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : PLUGINS) {
            if (registered.contains(e.getKey())) {
                names.add(e.getKey());
                if (e.getValue() > 0) {
                    weights.put(e.getKey(), e.getValue());
                }
            }
        }
        Map<String, List<String>> points = new LinkedHashMap<>();
        Profile.POINTS.forEach(p -> points.put(p, names));
        return new Profile(schedulerName, points, weights, Map.of(), null);
    }
}
