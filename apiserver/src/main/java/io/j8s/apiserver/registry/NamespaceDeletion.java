package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.errors.StatusException;

/**
 * Deleting a namespace, as upstream's namespace REST storage does: the first delete only marks it
 * (deletionTimestamp, phase Terminating) while {@code spec.finalizers} is not empty; the namespace
 * controller then empties it, removes the {@code kubernetes} finalizer through
 * {@code namespaces/NAME/finalize} and deletes it again, which removes it. Nothing here deletes
 * the contents, so a deletion interrupted by a restart resumes in the controller.
 */
final class NamespaceDeletion {
    static final String PURGE_PENDING = "The system is ensuring all content is removed from this"
            + " namespace.  Upon completion, this namespace will automatically be purged by the"
            + " system.";

    private NamespaceDeletion() {}

    static ObjectNode delete(Registry namespaces, String name, DeleteRequest request,
            WriteOptions options) {
        for (int attempt = 0; ; attempt++) {
            ObjectNode ns = namespaces.get(null, name);
            checkPreconditions(namespaces, ns, request);
            if (!Meta.deleting(ns)) {
                ObjectNode next = ns.deepCopy();
                Meta.of(next).put("deletionTimestamp",
                        Meta.timestamp(namespaces.clock().instant()));
                Meta.of(next).put("deletionGracePeriodSeconds", 0);
                next.with("status").put("phase", "Terminating");
                switch (request.propagationPolicy()) {
                    case "Orphan" -> Meta.addFinalizer(next, "orphan");
                    case "Foreground" -> Meta.addFinalizer(next, "foregroundDeletion");
                    default -> { }
                }
                if (options.dryRun()) {
                    return next;
                }
                try {
                    ObjectNode marked = namespaces.store(next,
                            Long.parseLong(Meta.resourceVersion(ns)));
                    if (!finalized(marked)) {
                        return marked;
                    }
                    ns = marked;
                } catch (StatusException e) {
                    if (!"Conflict".equals(e.reason()) || attempt > 8) {
                        throw e;
                    }
                    continue;
                }
            }
            if (!finalized(ns)) {
                throw StatusException.conflict(namespaces.type().errorName(), name,
                        PURGE_PENDING);
            }
            return Deleter.delete(namespaces, null, name, request.withoutResourceVersion(),
                    options);
        }
    }

    /** Whether nothing is left in {@code spec.finalizers}. */
    static boolean finalized(ObjectNode ns) {
        return ns.path("spec").path("finalizers").isEmpty();
    }

    private static void checkPreconditions(Registry namespaces, ObjectNode ns,
            DeleteRequest request) {
        if (!request.uid().isEmpty() && !request.uid().equals(Meta.uid(ns))) {
            throw StatusException.conflict(namespaces.type().errorName(), Meta.name(ns),
                    "Precondition failed: UID in precondition: " + request.uid()
                            + ", UID in object meta: " + Meta.uid(ns));
        }
        if (!request.resourceVersion().isEmpty()
                && !request.resourceVersion().equals(Meta.resourceVersion(ns))) {
            throw StatusException.conflict(namespaces.type().errorName(), Meta.name(ns),
                    "Precondition failed: ResourceVersion in precondition: "
                            + request.resourceVersion() + ", ResourceVersion in object meta: "
                            + Meta.resourceVersion(ns));
        }
    }
}
