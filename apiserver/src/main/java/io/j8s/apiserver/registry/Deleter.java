package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.errors.StatusException;
import java.time.Instant;

/**
 * How a delete proceeds, as upstream's graceful deletion does: an object with finalizers (or a
 * propagation policy that adds one) is only marked with a deletionTimestamp; a pod bound to a node
 * is marked with its grace period, for the kubelet to stop it and then delete it for good;
 * anything else is removed at once.
 */
final class Deleter {
    private Deleter() {}

    static ObjectNode delete(Registry registry, String namespace, String name, DeleteRequest request,
            WriteOptions options) {
        for (int attempt = 0; ; attempt++) {
            ObjectNode current = registry.get(namespace, name);
            checkPreconditions(registry, current, request);
            if (attempt == 0) {
                registry.admitDelete(current, options);
            }
            try {
                return deleteOnce(registry, current, request, options);
            } catch (StatusException e) {
                if (!"Conflict".equals(e.reason()) || attempt > 8
                        || !request.resourceVersion().isEmpty()) {
                    throw e;
                }
            }
        }
    }

    private static ObjectNode deleteOnce(Registry registry, ObjectNode current,
            DeleteRequest request, WriteOptions options) {
        long revision = Long.parseLong(Meta.resourceVersion(current));
        ObjectNode next = current.deepCopy();
        ObjectNode meta = Meta.of(next);
        switch (request.propagationPolicy()) {
            case "Orphan" -> Meta.addFinalizer(next, "orphan");
            case "Foreground" -> Meta.addFinalizer(next, "foregroundDeletion");
            case "", "Background" -> { }
            default -> throw StatusException.invalid("DeleteOptions", null, "",
                    java.util.List.of(StatusException.cause("FieldValueNotSupported",
                            "propagationPolicy", "Unsupported value: \""
                                    + request.propagationPolicy() + "\": supported values:"
                                    + " \"Foreground\", \"Background\", \"Orphan\"")));
        }
        String finalizer = registry.strategy().deletionFinalizer();
        if (finalizer != null && !Meta.deleting(next)) {
            Meta.addFinalizer(next, finalizer);
        }
        long grace = graceSeconds(registry, current, request);
        Instant now = registry.clock().instant();
        if (Meta.hasFinalizers(next)) {
            if (!Meta.deleting(next)) {
                meta.put("deletionTimestamp", Meta.timestamp(now.plusSeconds(grace)));
                meta.put("deletionGracePeriodSeconds", grace);
            }
            return options.dryRun() ? next : registry.store(next, revision);
        }
        if (grace > 0) {
            long already = meta.path("deletionGracePeriodSeconds").asLong(Long.MAX_VALUE);
            if (!Meta.deleting(next) || grace < already) {
                meta.put("deletionTimestamp", Meta.timestamp(now.plusSeconds(grace)));
                meta.put("deletionGracePeriodSeconds", grace);
                return options.dryRun() ? next : registry.store(next, revision);
            }
            return next;
        }
        return options.dryRun() ? current : registry.deleteNow(current, revision);
    }

    /**
     * The grace period: only pods have one, and only pods that a node runs and that have not
     * finished; everything else goes at once.
     */
    private static long graceSeconds(Registry registry, ObjectNode object, DeleteRequest request) {
        if (!registry.type().kind().equals("Pod") || registry.type().group().length() > 0) {
            return 0;
        }
        String node = object.path("spec").path("nodeName").asText("");
        String phase = object.path("status").path("phase").asText("");
        if (node.isEmpty() || phase.equals("Succeeded") || phase.equals("Failed")) {
            return 0;
        }
        if (request.gracePeriodSeconds() != null) {
            return Math.max(0, request.gracePeriodSeconds());
        }
        return object.path("spec").path("terminationGracePeriodSeconds").asLong(30);
    }

    private static void checkPreconditions(Registry registry, ObjectNode current,
            DeleteRequest request) {
        String name = Meta.name(current);
        if (!request.uid().isEmpty() && !request.uid().equals(Meta.uid(current))) {
            throw StatusException.conflict(registry.type().errorName(), name,
                    "Precondition failed: UID in precondition: " + request.uid()
                            + ", UID in object meta: " + Meta.uid(current));
        }
        if (!request.resourceVersion().isEmpty()
                && !request.resourceVersion().equals(Meta.resourceVersion(current))) {
            throw StatusException.conflict(registry.type().errorName(), name,
                    "Precondition failed: ResourceVersion in precondition: "
                            + request.resourceVersion() + ", ResourceVersion in object meta: "
                            + Meta.resourceVersion(current));
        }
    }
}
