package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import io.j8s.api.selectors.LabelSelector;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code pods/eviction} subresource, as upstream's EvictionREST: a delete that first asks the
 * pod's PodDisruptionBudget. A pod that is not running (pending, finished or already being deleted)
 * goes at once; a pod that no budget covers too. A budget the disruption controller has not
 * processed yet, or one that allows no more disruptions, refuses with 429 TooManyRequests (kubectl
 * drain waits and retries); otherwise the budget's {@code disruptionsAllowed} drops by one and the
 * pod is noted in {@code disruptedPods} before the pod is deleted with the eviction's
 * {@code deleteOptions}.
 */
public final class PodEviction {
    private static final StatusException.Resource EVICTION =
            new StatusException.Resource("", "pods/eviction");
    /** Upstream's limit on evictions the disruption controller has not confirmed yet. */
    private static final int MAX_DISRUPTED_PODS = 2000;
    private static final String REFUSED =
            "Cannot evict pod as it would violate the pod's disruption budget.";
    private static final int RETRIES = 8;

    private PodEviction() {}

    /** Evicts pod {@code name}; answers upstream's Success status (201). */
    public static ObjectNode evict(Registry pods, Registry budgets, String namespace, String name,
            ObjectNode eviction, WriteOptions options) {
        String named = eviction.path("metadata").path("name").asText(name);
        if (!named.equals(name)) {
            throw StatusException.badRequest("name in URL does not match name in Eviction object");
        }
        String evictionNamespace = eviction.path("metadata").path("namespace").asText("");
        if (!evictionNamespace.isEmpty() && !evictionNamespace.equals(namespace)) {
            throw StatusException.badRequest("the namespace of the provided object does not match"
                    + " the namespace sent on the request");
        }
        DeleteRequest delete = DeleteRequest.of(eviction.get("deleteOptions"));
        for (int attempt = 0; ; attempt++) {
            ObjectNode pod = pods.get(namespace, name);
            try {
                return evictOnce(pods, budgets, pod, delete, options);
            } catch (StatusException e) {
                if (!"Conflict".equals(e.reason()) || attempt >= RETRIES
                        || !delete.resourceVersion().isEmpty()) {
                    throw e;
                }
            }
        }
    }

    private static ObjectNode evictOnce(Registry pods, Registry budgets, ObjectNode pod,
            DeleteRequest delete, WriteOptions options) {
        // Guarding the delete with the revision the budget was checked against keeps a pod that
        // changed in between (became ready, say) from being deleted on a stale decision.
        DeleteRequest guarded = delete.atResourceVersion(Meta.resourceVersion(pod));
        if (canIgnoreBudget(pod)) {
            return deleted(pods, pod, guarded, options);
        }
        List<ObjectNode> covering = covering(budgets, pod);
        if (covering.isEmpty()) {
            return deleted(pods, pod, guarded, options);
        }
        if (covering.size() > 1) {
            throw StatusException.internal("This pod has more than one PodDisruptionBudget,"
                    + " which the eviction subresource does not support.");
        }
        ObjectNode budget = covering.getFirst();
        JsonNode status = budget.path("status");
        boolean ready = ready(pod);
        String unhealthyPolicy = budget.path("spec").path("unhealthyPodEvictionPolicy")
                .asText("IfHealthyBudget");
        if (!ready && unhealthyPolicy.equals("AlwaysAllow")) {
            return deleted(pods, pod, guarded, options);
        }
        int desired = status.path("desiredHealthy").asInt(0);
        if (!ready && unhealthyPolicy.equals("IfHealthyBudget") && desired > 0
                && status.path("currentHealthy").asInt(0) >= desired) {
            return deleted(pods, pod, guarded, options);
        }
        takeDisruption(budgets, budget, Meta.name(pod), options);
        return deleted(pods, pod, guarded, options);
    }

    /** Pods that are not running need no budget: upstream's canIgnorePDB. */
    private static boolean canIgnoreBudget(ObjectNode pod) {
        String phase = pod.path("status").path("phase").asText("");
        return phase.equals("Succeeded") || phase.equals("Failed") || phase.equals("Pending")
                || Meta.deleting(pod);
    }

    private static boolean ready(ObjectNode pod) {
        for (JsonNode c : pod.path("status").path("conditions")) {
            if (c.path("type").asText().equals("Ready")) {
                return c.path("status").asText().equals("True");
            }
        }
        return false;
    }

    private static List<ObjectNode> covering(Registry budgets, ObjectNode pod) {
        List<ObjectNode> found = new ArrayList<>();
        var labels = Meta.labels(pod);
        for (ObjectNode budget : budgets.list(Meta.namespace(pod), ListOptions.all())
                .items()) {
            io.fabric8.kubernetes.api.model.LabelSelector selector = Json.MAPPER.convertValue(
                    budget.path("spec").get("selector"),
                    io.fabric8.kubernetes.api.model.LabelSelector.class);
            if (LabelSelector.of(selector).matches(labels)) {
                found.add(budget.deepCopy()); // a list may hand out the watch cache's own objects
            }
        }
        return found;
    }

    /** Upstream's checkAndDecrement: refuses, or records one more disruption in the budget. */
    private static void takeDisruption(Registry budgets, ObjectNode budget, String pod,
            WriteOptions options) {
        String name = Meta.name(budget);
        ObjectNode status = budget.with("status");
        long generation = Meta.of(budget).path("generation").asLong(0);
        if (status.path("observedGeneration").asLong(0) < generation) {
            throw StatusException.tooManyRequests(REFUSED, List.of(cause("The disruption budget "
                    + name + " is still being processed by the server.")));
        }
        int allowed = status.path("disruptionsAllowed").asInt(0);
        if (allowed < 0) {
            throw StatusException.forbidden("poddisruptionbudgets.policy \"" + name
                    + "\" is forbidden: pdb disruptions allowed is negative");
        }
        if (status.path("disruptedPods").size() > MAX_DISRUPTED_PODS) {
            throw StatusException.forbidden("poddisruptionbudgets.policy \"" + name
                    + "\" is forbidden: DisruptedPods map too big - too many evictions not"
                    + " confirmed by PDB controller");
        }
        if (allowed == 0) {
            throw StatusException.tooManyRequests(REFUSED, List.of(cause("The disruption budget "
                    + name + " needs " + status.path("desiredHealthy").asInt(0)
                    + " healthy pods and has " + status.path("currentHealthy").asInt(0)
                    + " currently")));
        }
        status.put("disruptionsAllowed", allowed - 1);
        status.with("disruptedPods").put(pod, Meta.timestamp(budgets.clock().instant()));
        if (allowed - 1 == 0) {
            insufficientPods(budget, status, budgets.clock().instant());
        }
        if (!options.dryRun()) {
            budgets.store(budget, Long.parseLong(Meta.resourceVersion(budget)));
        }
    }

    /** The DisruptionAllowed condition turns False once no disruption is left, as upstream's. */
    private static void insufficientPods(ObjectNode budget, ObjectNode status,
            java.time.Instant now) {
        for (JsonNode c : status.withArray("conditions")) {
            if (c.path("type").asText().equals("DisruptionAllowed")) {
                ObjectNode condition = (ObjectNode) c;
                if (!condition.path("status").asText().equals("False")) {
                    condition.put("lastTransitionTime", Meta.timestamp(now));
                }
                condition.put("status", "False").put("reason", "InsufficientPods")
                        .put("message", "")
                        .put("observedGeneration", Meta.of(budget).path("generation").asLong(0));
                return;
            }
        }
    }

    private static StatusCause cause(String message) {
        return new StatusCauseBuilder().withReason("DisruptionBudget").withMessage(message).build();
    }

    private static ObjectNode deleted(Registry pods, ObjectNode pod, DeleteRequest delete,
            WriteOptions options) {
        pods.delete(Meta.namespace(pod), Meta.name(pod), delete, options);
        return success();
    }

    /** The body of a create-only subresource's answer: a Success status with code 201. */
    static ObjectNode success() {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.put("kind", "Status").put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Success").put("code", 201);
        return s;
    }
}
