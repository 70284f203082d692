package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;

/**
 * Upstream's mandatory API priority and fairness configuration, created at start when missing:
 * the {@code exempt} and {@code catch-all} PriorityLevelConfigurations and the FlowSchemas of the
 * same names (system:masters is exempt; every other request falls to catch-all, by user).
 */
final class FlowControlBootstrap {
    private static final String GROUP = "flowcontrol.apiserver.k8s.io";
    private static final String AUTO_UPDATE = "apf.kubernetes.io/autoupdate-spec";

    private FlowControlBootstrap() {}

    static void ensure(Registries registries) {
        Registry levels = registries.find(GROUP, "v1", "prioritylevelconfigurations").orElseThrow();
        Registry schemas = registries.find(GROUP, "v1", "flowschemas").orElseThrow();

        ObjectNode exemptLevel = object("exempt");
        exemptLevel.putObject("spec").put("type", "Exempt").putObject("exempt")
                .put("nominalConcurrencyShares", 0).put("lendablePercent", 0);
        createIfMissing(levels, exemptLevel);

        ObjectNode catchAllLevel = object("catch-all");
        catchAllLevel.putObject("spec").put("type", "Limited").putObject("limited")
                .put("nominalConcurrencyShares", 5).put("lendablePercent", 0)
                .putObject("limitResponse").put("type", "Reject");
        createIfMissing(levels, catchAllLevel);

        ObjectNode exempt = object("exempt");
        ObjectNode exemptSpec = exempt.putObject("spec");
        exemptSpec.put("matchingPrecedence", 1);
        exemptSpec.putObject("priorityLevelConfiguration").put("name", "exempt");
        everything(exemptSpec.putArray("rules").addObject(), "system:masters");
        createIfMissing(schemas, exempt);

        ObjectNode catchAll = object("catch-all");
        ObjectNode catchAllSpec = catchAll.putObject("spec");
        catchAllSpec.put("matchingPrecedence", 10000);
        catchAllSpec.putObject("priorityLevelConfiguration").put("name", "catch-all");
        catchAllSpec.putObject("distinguisherMethod").put("type", "ByUser");
        everything(catchAllSpec.putArray("rules").addObject(), "system:unauthenticated",
                "system:authenticated");
        createIfMissing(schemas, catchAll);
    }

    private static ObjectNode object(String name) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.putObject("metadata").put("name", name).putObject("annotations")
                .put(AUTO_UPDATE, "true");
        return o;
    }

    /** A rule that matches every request of the groups named. */
    private static void everything(ObjectNode rule, String... groups) {
        ArrayNode subjects = rule.putArray("subjects");
        for (String group : groups) {
            subjects.addObject().put("kind", "Group").putObject("group").put("name", group);
        }
        ObjectNode resources = rule.putArray("resourceRules").addObject();
        resources.putArray("verbs").add("*");
        resources.putArray("apiGroups").add("*");
        resources.putArray("resources").add("*");
        resources.put("clusterScope", true);
        resources.putArray("namespaces").add("*");
        ObjectNode nonResources = rule.putArray("nonResourceRules").addObject();
        nonResources.putArray("verbs").add("*");
        nonResources.putArray("nonResourceURLs").add("*");
    }

    private static void createIfMissing(Registry registry, ObjectNode object) {
        if (registry.read(null, Meta.name(object)).isEmpty()) {
            Registries.createIgnoringExisting(registry, null, object);
        }
    }
}
