package io.j8s.controllers.statefulset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;

/**
 * What a StatefulSet's sync does to the cluster (upstream's StatefulPodControl): the controller
 * does it through the API and records events; a unit test records the calls.
 */
interface StatefulPodControl {
    void createClaim(StatefulSet set, PersistentVolumeClaim claim, Pod pod);

    void createPod(StatefulSet set, Pod pod);

    void deletePod(StatefulSet set, Pod pod);

    /** Writes the pod's identity labels. */
    void updatePod(StatefulSet set, Pod pod);

    /** Replaces a claim's owner references (the retention policy). */
    void updateClaimOwners(StatefulSet set, PersistentVolumeClaim claim,
            List<OwnerReference> owners);
}
