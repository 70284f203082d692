package io.j8s.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.catalogue.ResourceType;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** What admission may read and write of the stored objects, read at the latest revision. */
public interface ClusterObjects {
    /** All objects of a resource in a namespace (null namespace: cluster-scoped or all). */
    List<ObjectNode> list(String group, String plural, String namespace);

    /**
     * All objects of a resource as the watch cache has them now, without a store read: what an
     * informer would see, for admission that reads on every write (policies, bindings).
     */
    default List<ObjectNode> cached(String group, String plural, String namespace) {
        return list(group, plural, namespace);
    }

    Optional<ObjectNode> get(String group, String plural, String namespace, String name);

    /**
     * The resources that serve the objects of {@code group/version/plural} at another
     * group/version: the other served versions of a custom resource, autoscaling/v1 and /v2
     * HorizontalPodAutoscalers, core and events.k8s.io Events. What a rule with matchPolicy
     * Equivalent matches besides the resource it names; none by default.
     */
    default List<ResourceType> equivalents(String group, String version, String plural) {
        return List.of();
    }

    /** {@code object}, of resource {@code group/plural}, at {@code version} of that group. */
    default ObjectNode convert(String group, String plural, ObjectNode object, String version) {
        return object;
    }

    /**
     * What matchPolicy Equivalent matches besides the resource named: {@code r} as it is seen at
     * the first of its {@link #equivalents} (serving its subresource, if any) of which
     * {@code matches} holds, its objects converted there; null when none. {@code matches} is
     * asked with the objects only relabelled with that apiVersion, so that nothing is converted
     * for a rule that does not match.
     */
    default AdmissionRequest atEquivalent(AdmissionRequest r, Predicate<AdmissionRequest> matches) {
        if (r.version().isEmpty()) {
            return null;
        }
        for (ResourceType t : equivalents(r.group(), r.version(), r.plural())) {
            if (!r.subresource().isEmpty() && !t.subresources().contains(r.subresource())) {
                continue;
            }
            if (matches.test(at(r, t, relabelled(r.object(), t.apiVersion()),
                    relabelled(r.old(), t.apiVersion())))) {
                return at(r, t, convert(t.group(), t.plural(), r.object(), t.version()),
                        convert(t.group(), t.plural(), r.old(), t.version()));
            }
        }
        return null;
    }

    private static AdmissionRequest at(AdmissionRequest r, ResourceType t, ObjectNode object,
            ObjectNode old) {
        return new AdmissionRequest(r.operation(), t.group(), t.plural(), t.kind(),
                r.namespace(), object, old, r.dryRun(), t.version(), r.subresource(), r.user());
    }

    private static ObjectNode relabelled(ObjectNode o, String apiVersion) {
        if (o == null) {
            return null;
        }
        ObjectNode stub = o.objectNode().put("apiVersion", apiVersion);
        stub.set("metadata", o.path("metadata"));
        return stub;
    }

    /**
     * Replaces an object's status through the status subresource, guarded by the
     * {@code metadata.resourceVersion} of {@code object} (compare-and-swap); false if the object
     * changed since that version.
     */
    boolean replaceStatus(String group, String plural, ObjectNode object);
}
