package io.j8s.api.catalogue;

import static io.j8s.api.catalogue.ResourceTypeBuilder.cluster;

import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.flowcontrol.v1.FlowSchema;
import io.fabric8.kubernetes.api.model.flowcontrol.v1.PriorityLevelConfiguration;
import java.util.List;

/**
 * The groups about the API server itself: apiregistration (APIServices, stored now, proxied by
 * the aggregator later), certificates (CertificateSigningRequests, approved through
 * {@code /approval}, signed later) and flowcontrol (API priority and fairness objects). Each
 * sits where upstream's {@code /apis} lists it. Storage prefixes are upstream's.
 */
final class ServerGroups {
    private ServerGroups() {}

    static List<ResourceType> apiRegistration() {
        return List.of(cluster("apiregistration.k8s.io/v1", "APIService", "apiservices",
                APIService.class, "/registry/apiregistration.k8s.io/apiservices/")
                .inApiExtensions().subresources("status").build());
    }

    static List<ResourceType> certificates() {
        return List.of(cluster("certificates.k8s.io/v1", "CertificateSigningRequest",
                "certificatesigningrequests", CertificateSigningRequest.class,
                "/registry/certificatesigningrequests/").shortNames("csr")
                .subresources("approval", "status").build());
    }

    static List<ResourceType> flowControl() {
        String flowControl = "flowcontrol.apiserver.k8s.io/v1";
        return List.of(
                cluster(flowControl, "FlowSchema", "flowschemas", FlowSchema.class,
                        "/registry/flowschemas/").subresources("status").build(),
                cluster(flowControl, "PriorityLevelConfiguration", "prioritylevelconfigurations",
                        PriorityLevelConfiguration.class, "/registry/prioritylevelconfigurations/")
                        .subresources("status").build());
    }
}
