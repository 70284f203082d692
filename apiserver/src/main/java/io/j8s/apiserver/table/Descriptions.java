package io.j8s.apiserver.table;

/**
 * Column descriptions shared by many printers. Upstream takes them from the API's field docs; the
 * metadata ones are upstream's text, field-specific ones live next to their printers.
 */
public final class Descriptions {
    private Descriptions() {}

    public static final String NAME = "Name must be unique within a namespace. Is required when creating "
            + "resources, although some resources may allow a client to request the generation of "
            + "an appropriate name automatically. Name is primarily intended for creation "
            + "idempotence and configuration definition. Cannot be updated. More info: "
            + "https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";

    public static final String CREATION_TIMESTAMP = "CreationTimestamp is a timestamp representing the "
            + "server time when this object was created. It is not guaranteed to be set in "
            + "happens-before order across separate operations. Clients may not set this value. "
            + "It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. "
            + "Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/"
            + "devel/sig-architecture/api-conventions.md#metadata";

    static final String CONTAINERS = "Names of each container in the template.";
    static final String IMAGES = "Images referenced by each container in the template.";
    static final String SELECTOR = "A label query over pods that should match the replica count. "
            + "It must match the pod template's labels. More info: https://kubernetes.io/docs/"
            + "concepts/overview/working-with-objects/labels/#label-selectors";
    static final String READY_OF_DESIRED = "Number of the pod with ready state";
    static final String SPEC_REPLICAS = "Replicas is the number of desired replicas.";
    static final String STATUS_REPLICAS = "Replicas is the most recently observed number of "
            + "replicas.";
    static final String READY_REPLICAS = "The number of ready replicas for this replica set.";
}
