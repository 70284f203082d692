package io.j8s.controllers.history;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Upstream's ClaimPods for a controller's pods: the pods it controls whose labels its selector
 * still matches; orphans it matches (not being deleted) are adopted with a controller reference;
 * pods it controls that its selector no longer matches are released (the reference removed).
 */
public final class PodOwnership {
    private PodOwnership() {}

    /** The controller reference of an object, or null. */
    public static OwnerReference controllerOf(HasMetadata o) {
        for (OwnerReference r : o.getMetadata().getOwnerReferences()) {
            if (Boolean.TRUE.equals(r.getController())) {
                return r;
            }
        }
        return null;
    }

    /**
     * The pods of {@code candidates} that {@code owner} keeps, after adopting and releasing.
     *
     * @param matches the owner's selector (and for a StatefulSet its naming) over a pod
     */
    public static List<Pod> claim(KubernetesClient client, HasMetadata owner,
            List<Pod> candidates, Predicate<Pod> matches) {
        List<Pod> pods = new ArrayList<>();
        String uid = owner.getMetadata().getUid();
        for (Pod pod : candidates) {
            OwnerReference ref = controllerOf(pod);
            boolean match = matches.test(pod);
            if (ref != null && ref.getUid().equals(uid)) {
                if (match || pod.getMetadata().getDeletionTimestamp() != null) {
                    pods.add(pod);
                } else {
                    write(client, pod, p -> new PodBuilder(p).editMetadata()
                            .removeMatchingFromOwnerReferences(r -> uid.equals(r.getUid()))
                            .endMetadata().build());
                }
            } else if (ref == null && match && pod.getMetadata().getDeletionTimestamp() == null
                    && owner.getMetadata().getDeletionTimestamp() == null) {
                Pod adopted = write(client, pod, p -> controllerOf(p) != null ? p
                        : new PodBuilder(p).editMetadata()
                                .addToOwnerReferences(Revisions.controllerRef(owner))
                                .endMetadata().build());
                if (adopted != null && controllerOf(adopted) != null
                        && controllerOf(adopted).getUid().equals(uid)) {
                    pods.add(adopted);
                }
            }
        }
        return pods;
    }

    private static Pod write(KubernetesClient client, Pod pod,
            java.util.function.UnaryOperator<Pod> change) {
        try {
            return client.pods().inNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName()).edit(change);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return null; // gone meanwhile
            }
            throw e;
        }
    }
}
