package io.j8s.scheduler.plugins.noderesources;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.validation.LabelFormats;
import io.j8s.scheduler.plugins.args.PluginArgs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code NodeResourcesFitArgs} read, defaulted and validated as upstream: ignoredResources,
 * ignoredResourceGroups, and scoringStrategy (type LeastAllocated by default, resources cpu:1
 * and memory:1 by default, weights 1..100, a RequestedToCapacityRatio shape of increasing
 * utilisations 0..100 with scores 0..10).
 */
record FitArgs(Set<String> ignoredResources, Set<String> ignoredResourceGroups,
        AllocationScorer scorer, String strategy) {
    static final String KIND = "NodeResourcesFitArgs";
    static final List<String> STRATEGIES = List.of("LeastAllocated", "MostAllocated", "RequestedToCapacityRatio");

    static FitArgs read(JsonNode json) {
        PluginArgs args = PluginArgs.of(KIND, json, "ignoredResources", "ignoredResourceGroups", "scoringStrategy");
        List<String> ignored = args.strings("ignoredResources");
        for (int i = 0; i < ignored.size(); i++) {
            List<String> errs = LabelFormats.qualifiedName(ignored.get(i));
            if (!errs.isEmpty()) {
                throw args.invalid("ignoredResources[" + i + "]", ignored.get(i), errs.get(0));
            }
        }
        List<String> groups = args.strings("ignoredResourceGroups");
        for (int i = 0; i < groups.size(); i++) {
            if (groups.get(i).contains("/")) {
                throw args.invalid("ignoredResourceGroups[" + i + "]", groups.get(i),
                        "resource group name can't contain '/'");
            }
            List<String> errs = LabelFormats.qualifiedName(groups.get(i));
            if (!errs.isEmpty()) {
                throw args.invalid("ignoredResourceGroups[" + i + "]", groups.get(i), errs.get(0));
            }
        }
        JsonNode strategy = args.get("scoringStrategy");
        String type = "LeastAllocated";
        List<ResourceSpec> resources = ResourceSpec.DEFAULTS;
        List<long[]> shape = null;
        if (strategy != null) {
            args.onlyFields("scoringStrategy", strategy, "type", "resources", "requestedToCapacityRatio");
            type = strategy.path("type").asText("");
            if (!STRATEGIES.contains(type)) {
                throw args.notSupported("scoringStrategy.type", type, STRATEGIES);
            }
            List<ResourceSpec> given = resources(args, "scoringStrategy.resources", strategy.get("resources"), 100);
            resources = given.isEmpty() ? ResourceSpec.DEFAULTS : given;
            JsonNode ratio = strategy.get("requestedToCapacityRatio");
            if (ratio != null && !ratio.isNull()) {
                args.onlyFields("scoringStrategy.requestedToCapacityRatio", ratio, "shape");
                shape = shape(args, ratio.get("shape"));
            }
            if (type.equals("RequestedToCapacityRatio") && shape == null) {
                throw args.required("scoringStrategy.shape", "at least one point must be specified");
            }
        }
        AllocationScorer.Function function = switch (type) {
            case "MostAllocated" -> Strategies.mostAllocated(resources);
            case "RequestedToCapacityRatio" -> Strategies.requestedToCapacityRatio(resources, shape);
            default -> Strategies.leastAllocated(resources);
        };
        return new FitArgs(Set.copyOf(ignored), Set.copyOf(groups),
                new AllocationScorer(resources, false, function), type);
    }

    /** A resources list: names, weights defaulted to 1 and within 1..maxWeight. */
    static List<ResourceSpec> resources(PluginArgs args, String path, JsonNode list, int maxWeight) {
        List<ResourceSpec> out = new ArrayList<>();
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            throw args.invalid(path, list, "must be a list");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode r = list.get(i);
            String p = path + "[" + i + "]";
            args.onlyFields(p, r, "name", "weight");
            String name = r.path("name").asText("");
            if (name.isEmpty()) {
                throw args.required(p + ".name", "");
            }
            if (!seen.add(name)) {
                throw args.duplicate(p + ".name", name);
            }
            int weight = args.intField(r, p + ".", "weight", 0);
            if (weight == 0) {
                weight = 1;
            }
            if (weight < 0 || weight > maxWeight) {
                throw args.invalid(p + ".weight", weight, maxWeight == 1 ? "must be 1"
                        : "resource weight of " + name + " not in valid range (0, " + maxWeight + "]");
            }
            out.add(new ResourceSpec(name, weight));
        }
        return out;
    }

    private static List<long[]> shape(PluginArgs args, JsonNode shape) {
        String path = "scoringStrategy.shape";
        if (shape == null || !shape.isArray() || shape.isEmpty()) {
            throw args.required(path, "at least one point must be specified");
        }
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < shape.size(); i++) {
            JsonNode p = shape.get(i);
            args.onlyFields(path + "[" + i + "]", p, "utilization", "score");
            int u = args.intField(p, path + "[" + i + "].", "utilization", 0);
            int s = args.intField(p, path + "[" + i + "].", "score", 0);
            if (i > 0 && out.get(i - 1)[0] >= u) {
                throw args.invalid(path + "[" + i + "].utilization", u,
                        "utilization values must be sorted in increasing order");
            }
            if (u < 0 || u > 100) {
                throw args.invalid(path + "[" + i + "].utilization", u, "not in valid range [0, 100]");
            }
            if (s < 0 || s > Strategies.MAX_CUSTOM_PRIORITY_SCORE) {
                throw args.invalid(path + "[" + i + "].score", s, "not in valid range [0, 10]");
            }
            out.add(new long[] {u, s});
        }
        return out;
    }
}
