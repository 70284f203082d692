package io.j8s.apiserver.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.apiserver.configfile.ConfigFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Upstream's audit Policy (audit.k8s.io/v1): the first rule that matches a request sets its
 * level, the stages left out and whether managed fields are left out. A request no rule matches
 * is not logged.
 */
final class AuditPolicy {
    static final Set<String> STAGES = Set.of("RequestReceived", "ResponseStarted",
            "ResponseComplete", "Panic");

    /** One rule's match and its outcome. */
    record Rule(Level level, List<String> users, List<String> groups, List<String> verbs,
            List<Resources> resources, List<String> namespaces, List<String> nonResourceUrls,
            Set<String> omitStages, Boolean omitManagedFields) {}

    record Resources(String group, List<String> resources, List<String> names) {}

    /** What a request gets. */
    record Decision(Level level, Set<String> omitStages, boolean omitManagedFields) {}

    private final List<Rule> rules;
    private final Set<String> omitStages;
    private final boolean omitManagedFields;

    private AuditPolicy(List<Rule> rules, Set<String> omitStages, boolean omitManagedFields) {
        this.rules = rules;
        this.omitStages = omitStages;
        this.omitManagedFields = omitManagedFields;
    }

    static AuditPolicy read(Path path) {
        return of(ConfigFile.read(path));
    }

    static AuditPolicy parse(Path path, String text) {
        return of(ConfigFile.parse(path, text));
    }

    private static AuditPolicy of(ConfigFile file) {
        file.expectKind("audit.k8s.io/v1", "Policy");
        JsonNode root = file.root();
        List<Rule> rules = new ArrayList<>();
        for (JsonNode r : root.path("rules")) {
            String levelText = r.path("level").asText("");
            Level level;
            try {
                level = Level.valueOf(levelText);
            } catch (IllegalArgumentException e) {
                throw file.fail(levelText.isEmpty() ? "rules" : "level: " + levelText,
                        "rules[" + rules.size() + "].level: \"" + levelText + "\" must be one of"
                                + " None, Metadata, Request, RequestResponse");
            }
            List<Resources> resources = new ArrayList<>();
            for (JsonNode gr : r.path("resources")) {
                resources.add(new Resources(gr.path("group").asText(""),
                        strings(gr.path("resources")), strings(gr.path("resourceNames"))));
            }
            List<String> nonResource = strings(r.path("nonResourceURLs"));
            if (!nonResource.isEmpty() && (!resources.isEmpty()
                    || r.path("namespaces").size() > 0)) {
                throw file.fail("nonResourceURLs", "rules[" + rules.size() + "]: rules cannot"
                        + " apply to both regular resources and non-resource URLs");
            }
            rules.add(new Rule(level, strings(r.path("users")), strings(r.path("userGroups")),
                    strings(r.path("verbs")), resources, strings(r.path("namespaces")),
                    nonResource, stages(file, r.path("omitStages")),
                    r.has("omitManagedFields") ? r.path("omitManagedFields").asBoolean() : null));
        }
        if (rules.isEmpty()) {
            throw file.fail("rules", "a policy needs at least one rule");
        }
        return new AuditPolicy(rules, stages(file, root.path("omitStages")),
                root.path("omitManagedFields").asBoolean(false));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Set<String> stages(ConfigFile file, JsonNode array) {
        Set<String> out = new HashSet<>();
        for (JsonNode n : array) {
            if (!STAGES.contains(n.asText())) {
                throw file.fail(n.asText(), "omitStages: \"" + n.asText() + "\" is not a stage ("
                        + "RequestReceived, ResponseStarted, ResponseComplete, Panic)");
            }
            out.add(n.asText());
        }
        return out;
    }

    Decision decide(AuditAttributes a) {
        for (Rule r : rules) {
            if (matches(r, a)) {
                Set<String> omit = new HashSet<>(omitStages);
                omit.addAll(r.omitStages());
                return new Decision(r.level(), omit, r.omitManagedFields() != null
                        ? r.omitManagedFields() : omitManagedFields);
            }
        }
        return new Decision(Level.None, Set.of(), false);
    }

    private static boolean matches(Rule r, AuditAttributes a) {
        if (!r.users().isEmpty() && !r.users().contains(a.user())) {
            return false;
        }
        if (!r.groups().isEmpty() && r.groups().stream().noneMatch(a.groups()::contains)) {
            return false;
        }
        if (!r.verbs().isEmpty() && !r.verbs().contains(a.verb())) {
            return false;
        }
        if (!r.namespaces().isEmpty() || !r.resources().isEmpty()) {
            return a.resourceRequest() && matchesResource(r, a);
        }
        if (!r.nonResourceUrls().isEmpty()) {
            return !a.resourceRequest() && r.nonResourceUrls().stream().anyMatch(u ->
                    u.equals("*") || u.equals(a.path())
                            || u.endsWith("*") && a.path().startsWith(u.substring(0,
                                    u.length() - 1)));
        }
        return true;
    }

    private static boolean matchesResource(Rule r, AuditAttributes a) {
        if (!r.namespaces().isEmpty() && !r.namespaces().contains(a.namespace())) {
            return false;
        }
        if (r.resources().isEmpty()) {
            return true;
        }
        String full = a.subresource().isEmpty() ? a.resource()
                : a.resource() + "/" + a.subresource();
        for (Resources gr : r.resources()) {
            if (!gr.group().equals(a.apiGroup())) {
                continue;
            }
            if (gr.resources().isEmpty() || gr.resources().stream().anyMatch(x -> x.equals("*")
                    || x.equals(full) || x.equals(a.resource() + "/*")
                    || !a.subresource().isEmpty() && x.equals("*/" + a.subresource()))) {
                if (gr.names().isEmpty() || gr.names().contains(a.name())) {
                    return true;
                }
            }
        }
        return false;
    }
}
