package io.j8s.scheduler.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@code KubeSchedulerConfiguration} (kubescheduler.config.k8s.io/v1, YAML or JSON) into
 * a {@link SchedulerConfiguration}. Every mistake is an IllegalArgumentException naming the field
 * as upstream's validation does: {@code profiles[0].plugins.score.enabled[1].weight: Invalid
 * value: 200: must be in the range [1, 100]}.
 */
public final class ConfigFile {
    public static final String API_VERSION = "kubescheduler.config.k8s.io/v1";
    private static final Set<String> TOP = Set.of("apiVersion", "kind", "profiles",
            "percentageOfNodesToScore", "parallelism", "podInitialBackoffSeconds",
            "podMaxBackoffSeconds", "leaderElection", "clientConnection", "extenders",
            "delayCacheUntilActive", "enableProfiling", "enableContentionProfiling");
    private static final Set<String> PROFILE = Set.of("schedulerName", "plugins", "pluginConfig",
            "percentageOfNodesToScore");
    private static final Set<String> SET = Set.of("enabled", "disabled");
    private static final Set<String> PLUGIN = Set.of("name", "weight");
    private static final Set<String> PLUGIN_CONFIG = Set.of("name", "args");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Set<String> registered;

    private ConfigFile(Set<String> registered) {
        this.registered = registered;
    }

    /**
     * The configuration in {@code file}, or upstream's defaults when {@code file} is null.
     *
     * @param registered the plugin names the registry knows
     */
    public static SchedulerConfiguration load(Path file, Set<String> registered) {
        if (file == null) {
            return SchedulerConfiguration.defaults(registered);
        }
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("scheduler config " + file + ": " + e.getMessage(), e);
        }
        return parse(root, registered);
    }

    /** As {@link #load} from a parsed document. */
    public static SchedulerConfiguration parse(JsonNode root, Set<String> registered) {
        return new ConfigFile(registered).read(root);
    }

    private SchedulerConfiguration read(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw invalid("", "the configuration must be a KubeSchedulerConfiguration object");
        }
        fields(root, "", TOP);
        if (!API_VERSION.equals(root.path("apiVersion").asText())) {
            throw invalid("apiVersion", "Unsupported value: \"" + root.path("apiVersion").asText()
                    + "\": supported values: \"" + API_VERSION + "\"");
        }
        if (!"KubeSchedulerConfiguration".equals(root.path("kind").asText())) {
            throw invalid("kind", "Unsupported value: \"" + root.path("kind").asText()
                    + "\": supported values: \"KubeSchedulerConfiguration\"");
        }
        int percentage = integer(root, "percentageOfNodesToScore", "percentageOfNodesToScore", 0);
        if (percentage < 0 || percentage > 100) {
            throw invalid("percentageOfNodesToScore", "Invalid value: " + percentage
                    + ": not in valid range [0-100]");
        }
        int parallelism = integer(root, "parallelism", "parallelism",
                SchedulerConfiguration.DEFAULT_PARALLELISM);
        if (parallelism <= 0) {
            throw invalid("parallelism", "Invalid value: " + parallelism + ": should be an integer value greater than zero");
        }
        int initial = integer(root, "podInitialBackoffSeconds", "podInitialBackoffSeconds", 1);
        int max = integer(root, "podMaxBackoffSeconds", "podMaxBackoffSeconds", 10);
        if (initial <= 0) {
            throw invalid("podInitialBackoffSeconds", "Invalid value: " + initial + ": must be greater than 0");
        }
        if (max < initial) {
            throw invalid("podMaxBackoffSeconds", "Invalid value: " + max
                    + ": must be greater than or equal to PodInitialBackoffSeconds");
        }
        List<Profile> profiles = new ArrayList<>();
        JsonNode list = root.path("profiles");
        if (list.isMissingNode() || list.isNull() || list.isEmpty()) {
            profiles.add(DefaultProfile.of(DefaultProfile.NAME, registered));
        } else if (!list.isArray()) {
            throw invalid("profiles", "must be a list");
        } else {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                Profile p = profile(list.get(i), "profiles[" + i + "]");
                if (!names.add(p.schedulerName())) {
                    throw invalid("profiles[" + i + "].schedulerName", "Duplicate value: \""
                            + p.schedulerName() + "\"");
                }
                if (!profiles.isEmpty() && !profiles.get(0).enabled("queueSort").equals(p.enabled("queueSort"))) {
                    throw invalid("profiles[" + i + "].plugins.queueSort", "Invalid value: "
                            + p.enabled("queueSort") + ": queueSort must be the same for all profiles");
                }
                profiles.add(p);
            }
        }
        return new SchedulerConfiguration(profiles, percentage, parallelism,
                Duration.ofSeconds(initial), Duration.ofSeconds(max));
    }

    private Profile profile(JsonNode node, String path) {
        if (!node.isObject()) {
            throw invalid(path, "must be an object");
        }
        fields(node, path, PROFILE);
        String name = node.path("schedulerName").asText("");
        if (name.isEmpty()) {
            throw invalid(path + ".schedulerName", "Required value");
        }
        Integer percentage = node.has("percentageOfNodesToScore")
                ? integer(node, "percentageOfNodesToScore", path + ".percentageOfNodesToScore", 0) : null;
        if (percentage != null && (percentage < 0 || percentage > 100)) {
            throw invalid(path + ".percentageOfNodesToScore", "Invalid value: " + percentage
                    + ": not in valid range [0-100]");
        }
        Profile defaults = DefaultProfile.of(name, registered);
        Map<String, List<String>> points = new LinkedHashMap<>();
        Map<String, Integer> weights = new LinkedHashMap<>(defaults.weights());
        JsonNode plugins = node.path("plugins");
        if (!plugins.isMissingNode() && !plugins.isNull()) {
            Set<String> known = new HashSet<>(Profile.POINTS);
            known.add("multiPoint");
            fields(plugins, path + ".plugins", known);
        }
        JsonNode multi = plugins.path("multiPoint");
        Set<String> multiDisabled = disabled(multi, path + ".plugins.multiPoint");
        List<String> multiEnabled = enabled(multi, path + ".plugins.multiPoint", weights);
        for (String point : Profile.POINTS) {
            String at = path + ".plugins." + point;
            JsonNode set = plugins.path(point);
            Set<String> off = disabled(set, at);
            List<String> names = new ArrayList<>();
            for (String d : defaults.enabled(point)) {
                if (!off.contains("*") && !off.contains(d) && !multiDisabled.contains("*")
                        && !multiDisabled.contains(d)) {
                    names.add(d);
                }
            }
            for (String m : multiEnabled) {
                if (!names.contains(m) && !off.contains(m)) {
                    names.add(m);
                }
            }
            for (String e : enabled(set, at, weights)) {
                if (!names.contains(e)) {
                    names.add(e);
                }
            }
            points.put(point, names);
        }
        Map<String, JsonNode> args = new LinkedHashMap<>();
        JsonNode configs = node.path("pluginConfig");
        for (int i = 0; i < configs.size(); i++) {
            String at = path + ".pluginConfig[" + i + "]";
            JsonNode c = configs.get(i);
            fields(c, at, PLUGIN_CONFIG);
            String plugin = c.path("name").asText("");
            known(plugin, at + ".name");
            if (args.put(plugin, c.path("args")) != null) {
                throw invalid(at, "Duplicate value: \"" + plugin + "\"");
            }
        }
        return new Profile(name, points, weights, args, percentage);
    }

    private Set<String> disabled(JsonNode set, String path) {
        Set<String> out = new HashSet<>();
        if (set.isMissingNode() || set.isNull()) {
            return out;
        }
        fields(set, path, SET);
        JsonNode list = set.path("disabled");
        for (int i = 0; i < list.size(); i++) {
            String at = path + ".disabled[" + i + "]";
            fields(list.get(i), at, PLUGIN);
            String name = list.get(i).path("name").asText("");
            if (!name.equals("*")) {
                known(name, at + ".name");
            }
            out.add(name);
        }
        return out;
    }

    private List<String> enabled(JsonNode set, String path, Map<String, Integer> weights) {
        List<String> out = new ArrayList<>();
        JsonNode list = set.path("enabled");
        for (int i = 0; i < list.size(); i++) {
            String at = path + ".enabled[" + i + "]";
            JsonNode p = list.get(i);
            fields(p, at, PLUGIN);
            String name = p.path("name").asText("");
            known(name, at + ".name");
            int weight = integer(p, "weight", at + ".weight", 0);
            if (weight < 0 || weight > 100) {
                throw invalid(at + ".weight", "Invalid value: " + weight + ": must be in the range [1, 100]");
            }
            if (weight > 0) {
                weights.put(name, weight);
            } else {
                weights.putIfAbsent(name, DefaultProfile.weight(name));
            }
            out.add(name);
        }
        return out;
    }

    private void known(String name, String path) {
        if (name.isEmpty()) {
            throw invalid(path, "Required value");
        }
        if (!registered.contains(name)) {
            throw invalid(path, "Invalid value: \"" + name + "\": unknown plugin; known plugins: "
                    + new java.util.TreeSet<>(registered));
        }
    }

    private static int integer(JsonNode node, String field, String path, int dflt) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw invalid(path, "Invalid value: " + v + ": must be an integer");
        }
        return v.intValue();
    }

    private static void fields(JsonNode node, String path, Set<String> known) {
        if (!node.isObject()) {
            throw invalid(path, "must be an object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw invalid(path.isEmpty() ? f : path + "." + f, "unknown field \"" + f + "\"");
            }
        }
    }

    private static IllegalArgumentException invalid(String path, String message) {
        return new IllegalArgumentException("scheduler config: " + (path.isEmpty() ? "" : path + ": ") + message);
    }
}
