package io.j8s.api.catalogue;

import static io.j8s.api.catalogue.ResourceTypeBuilder.cluster;
import static io.j8s.api.catalogue.ResourceTypeBuilder.namespaced;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authorization.v1.LocalSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.api.model.storage.CSIDriver;
import io.fabric8.kubernetes.api.model.storage.CSINode;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachment;
import java.util.List;

/**
 * The named groups that govern the cluster, in upstream's {@code /apis} order: authentication and
 * authorization (create-only reviews, never stored), rbac, storage, admissionregistration,
 * apiextensions, scheduling, coordination, node, discovery.
 */
final class ClusterGroups {
    private ClusterGroups() {}

    private static final String RBAC = "rbac.authorization.k8s.io/v1";
    private static final String STORAGE = "storage.k8s.io/v1";
    private static final String ADMISSION = "admissionregistration.k8s.io/v1";

    private static final String AUTHENTICATION = "authentication.k8s.io/v1";
    private static final String AUTHORIZATION = "authorization.k8s.io/v1";

    static List<ResourceType> authentication() {
        return List.of(
                cluster(AUTHENTICATION, "SelfSubjectReview", "selfsubjectreviews",
                        SelfSubjectReview.class, "").verbs("create").build(),
                cluster(AUTHENTICATION, "TokenReview", "tokenreviews", TokenReview.class, "")
                        .verbs("create").build());
    }

    static List<ResourceType> authorization() {
        return List.of(
                namespaced(AUTHORIZATION, "LocalSubjectAccessReview", "localsubjectaccessreviews",
                        LocalSubjectAccessReview.class, "").verbs("create").build(),
                cluster(AUTHORIZATION, "SelfSubjectAccessReview", "selfsubjectaccessreviews",
                        SelfSubjectAccessReview.class, "").verbs("create").build(),
                cluster(AUTHORIZATION, "SelfSubjectRulesReview", "selfsubjectrulesreviews",
                        SelfSubjectRulesReview.class, "").verbs("create").build(),
                cluster(AUTHORIZATION, "SubjectAccessReview", "subjectaccessreviews",
                        SubjectAccessReview.class, "").verbs("create").build());
    }

    static List<ResourceType> rbac() {
        return List.of(
                cluster(RBAC, "ClusterRoleBinding", "clusterrolebindings", ClusterRoleBinding.class,
                        "/registry/clusterrolebindings/").build(),
                cluster(RBAC, "ClusterRole", "clusterroles", ClusterRole.class,
                        "/registry/clusterroles/").build(),
                namespaced(RBAC, "RoleBinding", "rolebindings", RoleBinding.class,
                        "/registry/rolebindings/").build(),
                namespaced(RBAC, "Role", "roles", Role.class, "/registry/roles/").build());
    }

    static List<ResourceType> storage() {
        return List.of(
                cluster(STORAGE, "CSIDriver", "csidrivers", CSIDriver.class, "/registry/csidrivers/")
                        .build(),
                cluster(STORAGE, "CSINode", "csinodes", CSINode.class, "/registry/csinodes/").build(),
                cluster(STORAGE, "StorageClass", "storageclasses", StorageClass.class,
                        "/registry/storageclasses/").shortNames("sc").build(),
                cluster(STORAGE, "VolumeAttachment", "volumeattachments", VolumeAttachment.class,
                        "/registry/volumeattachments/").subresources("status").build());
    }

    static List<ResourceType> admissionRegistration() {
        return List.of(
                cluster(ADMISSION, "MutatingWebhookConfiguration", "mutatingwebhookconfigurations",
                        MutatingWebhookConfiguration.class, "/registry/mutatingwebhookconfigurations/")
                        .inApiExtensions().build(),
                cluster(ADMISSION, "ValidatingAdmissionPolicy", "validatingadmissionpolicies",
                        ValidatingAdmissionPolicy.class, "/registry/validatingadmissionpolicies/")
                        .inApiExtensions().subresources("status").build(),
                cluster(ADMISSION, "ValidatingAdmissionPolicyBinding",
                        "validatingadmissionpolicybindings", ValidatingAdmissionPolicyBinding.class,
                        "/registry/validatingadmissionpolicybindings/").inApiExtensions().build(),
                cluster(ADMISSION, "ValidatingWebhookConfiguration", "validatingwebhookconfigurations",
                        ValidatingWebhookConfiguration.class,
                        "/registry/validatingwebhookconfigurations/").inApiExtensions().build());
    }

    /** Stored now, served by the extensions server later; the prefix is upstream's. */
    static List<ResourceType> apiExtensions() {
        return List.of(cluster("apiextensions.k8s.io/v1", "CustomResourceDefinition",
                "customresourcedefinitions", CustomResourceDefinition.class,
                "/registry/apiextensions.k8s.io/customresourcedefinitions/")
                .shortNames("crd", "crds").inApiExtensions().subresources("status").build());
    }

    static List<ResourceType> scheduling() {
        return List.of(cluster("scheduling.k8s.io/v1", "PriorityClass", "priorityclasses",
                PriorityClass.class, "/registry/priorityclasses/").shortNames("pc").build());
    }

    static List<ResourceType> coordination() {
        return List.of(namespaced("coordination.k8s.io/v1", "Lease", "leases", Lease.class,
                "/registry/leases/").build());
    }

    static List<ResourceType> node() {
        return List.of(cluster("node.k8s.io/v1", "RuntimeClass", "runtimeclasses",
                RuntimeClass.class, "/registry/runtimeclasses/").build());
    }

    static List<ResourceType> discovery() {
        return List.of(namespaced("discovery.k8s.io/v1", "EndpointSlice", "endpointslices",
                EndpointSlice.class, "/registry/endpointslices/").build());
    }
}
