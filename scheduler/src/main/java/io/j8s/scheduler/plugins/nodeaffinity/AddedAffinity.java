package io.j8s.scheduler.plugins.nodeaffinity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.j8s.scheduler.plugins.args.PluginArgs;
import java.util.List;
import java.util.Set;

/** Reads and checks {@code NodeAffinityArgs.addedAffinity}: every requirement must parse. */
final class AddedAffinity {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> LABEL_OPS = Set.of("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt");

    private AddedAffinity() {}

    /** The added affinity, or null when the args give none. */
    static NodeAffinity read(JsonNode json) {
        PluginArgs args = PluginArgs.of("NodeAffinityArgs", json, "addedAffinity");
        JsonNode added = args.get("addedAffinity");
        if (added == null) {
            return null;
        }
        NodeAffinity affinity;
        try {
            affinity = JSON.treeToValue(added, NodeAffinity.class);
        } catch (Exception e) {
            throw args.invalid("addedAffinity", added, e.getMessage());
        }
        String base = "addedAffinity.";
        if (affinity.getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
            String p = base + "requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms";
            List<NodeSelectorTerm> terms = affinity.getRequiredDuringSchedulingIgnoredDuringExecution()
                    .getNodeSelectorTerms();
            for (int i = 0; terms != null && i < terms.size(); i++) {
                check(args, p + "[" + i + "]", terms.get(i));
            }
        }
        List<PreferredSchedulingTerm> preferred = affinity.getPreferredDuringSchedulingIgnoredDuringExecution();
        for (int i = 0; preferred != null && i < preferred.size(); i++) {
            if (preferred.get(i).getPreference() != null) {
                check(args, base + "preferredDuringSchedulingIgnoredDuringExecution[" + i + "].preference",
                        preferred.get(i).getPreference());
            }
        }
        return affinity;
    }

    private static void check(PluginArgs args, String path, NodeSelectorTerm term) {
        List<NodeSelectorRequirement> exprs = term.getMatchExpressions();
        for (int i = 0; exprs != null && i < exprs.size(); i++) {
            NodeSelectorRequirement r = exprs.get(i);
            String p = path + ".matchExpressions[" + i + "]";
            String op = r.getOperator() == null ? "" : r.getOperator();
            int n = r.getValues() == null ? 0 : r.getValues().size();
            if (!LABEL_OPS.contains(op)) {
                throw args.notSupported(p + ".operator", op, List.copyOf(new java.util.TreeSet<>(LABEL_OPS)));
            }
            if ((op.equals("In") || op.equals("NotIn")) && n == 0) {
                throw args.required(p + ".values", "must be specified when `operator` is 'In' or 'NotIn'");
            }
            if ((op.equals("Exists") || op.equals("DoesNotExist")) && n != 0) {
                throw args.invalid(p + ".values", r.getValues(),
                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
            }
            if ((op.equals("Gt") || op.equals("Lt")) && (n != 1 || !isInteger(r.getValues().get(0)))) {
                throw args.invalid(p + ".values", r.getValues(),
                        "must be specified single value when `operator` is 'Lt' or 'Gt'");
            }
        }
        List<NodeSelectorRequirement> fields = term.getMatchFields();
        for (int i = 0; fields != null && i < fields.size(); i++) {
            NodeSelectorRequirement r = fields.get(i);
            String p = path + ".matchFields[" + i + "]";
            if (!"metadata.name".equals(r.getKey())) {
                throw args.notSupported(p + ".key", r.getKey() == null ? "" : r.getKey(), List.of("metadata.name"));
            }
            if (!"In".equals(r.getOperator()) && !"NotIn".equals(r.getOperator())) {
                throw args.notSupported(p + ".operator", r.getOperator() == null ? "" : r.getOperator(),
                        List.of("In", "NotIn"));
            }
            if (r.getValues() == null || r.getValues().size() != 1) {
                throw args.required(p + ".values", "must be only one value when `operator` is 'In' or"
                        + " 'NotIn' for node field selector");
            }
        }
    }

    private static boolean isInteger(String s) {
        try {
            Long.parseLong(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
