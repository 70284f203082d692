package io.j8s.apiserver.aggregation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import io.j8s.apiserver.endpoints.DiscoverySource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The discovery of the APIServices served by a Service: each group with its versions by
 * priority in the legacy APIGroupList, and in aggregated discovery the resources of the
 * APIResourceList the backend last answered (freshness Stale while it is unavailable).
 */
final class ApiServiceDiscovery implements DiscoverySource {
    /** One served group version and what its backend last said. */
    record Entry(String group, String version, int groupPriority, int versionPriority,
            boolean available, JsonNode resources) {}

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong(1);

    /** Records what the availability check of APIService {@code name} found. */
    void update(String name, JsonNode spec, boolean available, byte[] body) {
        JsonNode resources = null;
        if (body != null) {
            try {
                resources = Json.parseObject(body, false).path("resources");
            } catch (RuntimeException e) {
                resources = null;
            }
        }
        Entry old = entries.get(name);
        if (resources == null && old != null) {
            resources = old.resources(); // keep the last list while the backend is away
        }
        Entry next = new Entry(spec.path("group").asText(), spec.path("version").asText(),
                spec.path("groupPriorityMinimum").asInt(), spec.path("versionPriority").asInt(),
                available, resources);
        if (!next.equals(old)) {
            entries.put(name, next);
            generation.incrementAndGet();
        }
    }

    /** Forgets the APIServices not in {@code names} (deleted, or now local). */
    void retain(Set<String> names) {
        if (entries.keySet().retainAll(names)) {
            generation.incrementAndGet();
        }
    }

    /** The entries by group, groups and versions in priority order. */
    private Map<String, List<Entry>> byGroup() {
        List<Entry> all = new ArrayList<>(entries.values());
        all.sort(Comparator.comparingInt(Entry::groupPriority).reversed()
                .thenComparing(Entry::group)
                .thenComparing(Comparator.comparingInt(Entry::versionPriority).reversed())
                .thenComparing(Entry::version));
        Map<String, List<Entry>> groups = new LinkedHashMap<>();
        for (Entry e : all) {
            groups.computeIfAbsent(e.group(), g -> new ArrayList<>()).add(e);
        }
        return groups;
    }

    @Override
    public List<ObjectNode> groups() {
        List<ObjectNode> out = new ArrayList<>();
        byGroup().forEach((group, versions) -> {
            ObjectNode g = Json.MAPPER.createObjectNode();
            g.put("name", group);
            ArrayNode vs = g.putArray("versions");
            for (Entry e : versions) {
                vs.addObject().put("groupVersion", group + "/" + e.version())
                        .put("version", e.version());
            }
            g.putObject("preferredVersion").put("groupVersion", group + "/"
                    + versions.getFirst().version()).put("version", versions.getFirst().version());
            out.add(g);
        });
        return out;
    }

    @Override
    public List<ObjectNode> discoveryGroups() {
        List<ObjectNode> out = new ArrayList<>();
        byGroup().forEach((group, versions) -> {
            ObjectNode item = Json.MAPPER.createObjectNode();
            item.putObject("metadata").put("name", group).putNull("creationTimestamp");
            ArrayNode vs = item.putArray("versions");
            for (Entry e : versions) {
                ObjectNode gv = vs.addObject();
                gv.put("version", e.version());
                gv.set("resources", resources(e.resources()));
                gv.put("freshness", e.available() ? "Current" : "Stale");
            }
            out.add(item);
        });
        return out;
    }

    /** An APIResourceList's resources as APIResourceDiscovery entries, subresources nested. */
    static ArrayNode resources(JsonNode list) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        if (list == null) {
            return out;
        }
        Map<String, ObjectNode> byName = new LinkedHashMap<>();
        for (JsonNode r : list) {
            String name = r.path("name").asText();
            if (name.contains("/")) {
                continue;
            }
            ObjectNode d = out.addObject();
            d.put("resource", name);
            d.putObject("responseKind").put("group", r.path("group").asText(""))
                    .put("version", r.path("version").asText(""))
                    .put("kind", r.path("kind").asText());
            d.put("scope", r.path("namespaced").asBoolean() ? "Namespaced" : "Cluster");
            d.put("singularResource", r.path("singularName").asText(""));
            d.set("verbs", r.path("verbs").isArray() ? r.path("verbs").deepCopy()
                    : Json.MAPPER.createArrayNode());
            for (String f : List.of("shortNames", "categories")) {
                if (r.path(f).isArray() && !r.path(f).isEmpty()) {
                    d.set(f, r.path(f).deepCopy());
                }
            }
            byName.put(name, d);
        }
        for (JsonNode r : list) {
            String name = r.path("name").asText();
            int slash = name.indexOf('/');
            ObjectNode parent = slash < 0 ? null : byName.get(name.substring(0, slash));
            if (parent == null) {
                continue;
            }
            ObjectNode s = parent.withArray("subresources").addObject();
            s.put("subresource", name.substring(slash + 1));
            s.putObject("responseKind").put("group", r.path("group").asText(""))
                    .put("version", r.path("version").asText(""))
                    .put("kind", r.path("kind").asText());
            s.set("verbs", r.path("verbs").isArray() ? r.path("verbs").deepCopy()
                    : Json.MAPPER.createArrayNode());
        }
        return out;
    }

    @Override
    public long generation() {
        return generation.get();
    }

    /** Whether APIService {@code name} was last found available (unknown: true). */
    boolean available(String name) {
        Entry e = entries.get(name);
        return e == null || e.available();
    }
}
