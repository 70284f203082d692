package io.j8s.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

/** One ownerReference, as the graph keeps it. */
record OwnerRef(String apiVersion, String kind, String name, String uid, boolean controller,
        boolean blockOwnerDeletion) {

    static OwnerRef of(OwnerReference r) {
        return new OwnerRef(r.getApiVersion(), r.getKind(), r.getName(), r.getUid(),
                Boolean.TRUE.equals(r.getController()),
                Boolean.TRUE.equals(r.getBlockOwnerDeletion()));
    }

    OwnerReference toReference() {
        return new OwnerReferenceBuilder().withApiVersion(apiVersion).withKind(kind)
                .withName(name).withUid(uid).withController(controller ? true : null)
                .withBlockOwnerDeletion(blockOwnerDeletion ? true : null).build();
    }
}
