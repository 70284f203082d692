package io.j8s.api.codec;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.j8s.api.errors.StatusException;
import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Admission;
import io.kubernetes.client.proto.V1Admissionregistration;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authentication;
import io.kubernetes.client.proto.V1Authorization;
import io.kubernetes.client.proto.V1Autoscaling;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Certificates;
import io.kubernetes.client.proto.V1Networking;
import io.kubernetes.client.proto.V1Policy;
import io.kubernetes.client.proto.V1Rbac;
import io.kubernetes.client.proto.V1Scheduling;
import io.kubernetes.client.proto.V1Storage;
import io.kubernetes.client.proto.V1alpha1Imagepolicy;
import io.kubernetes.client.proto.V1alpha1Rbac;
import io.kubernetes.client.proto.V1alpha1Scheduling;
import io.kubernetes.client.proto.V1beta1Admission;
import io.kubernetes.client.proto.V1beta1Admissionregistration;
import io.kubernetes.client.proto.V1beta1Apps;
import io.kubernetes.client.proto.V1beta1Authentication;
import io.kubernetes.client.proto.V1beta1Authorization;
import io.kubernetes.client.proto.V1beta1Batch;
import io.kubernetes.client.proto.V1beta1Certificates;
import io.kubernetes.client.proto.V1beta1Extensions;
import io.kubernetes.client.proto.V1beta1Policy;
import io.kubernetes.client.proto.V1beta1Rbac;
import io.kubernetes.client.proto.V1beta1Storage;
import io.kubernetes.client.proto.V1beta2Apps;
import io.kubernetes.client.proto.V2beta1Autoscaling;
import io.kubernetes.client.proto.V2beta2Autoscaling;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The message of each (apiVersion, kind) that has one in client-java-proto: the proto packages
 * of its files, mapped to API groups by what {@code register.go} of each Go package says.
 *
 * <p>Left out on purpose: apiextensions.k8s.io (client-java-proto has only the v1beta1 that
 * Kubernetes 1.22 removed, and CRDs travel as JSON). Kinds Kubernetes has but client-java-proto
 * lacks (coordination, discovery, events, node, autoscaling/v2, flowcontrol, resource, ...) are
 * known by name so the error can say that j8s, not the client, is at fault.
 */
final class ProtobufKinds {
    static final String META_V1 = "meta.k8s.io/v1";
    /** What {@code metav1.AddToGroupVersion} adds to every group version. */
    private static final List<String> IN_EVERY_VERSION = List.of("WatchEvent", "ListOptions",
            "GetOptions", "DeleteOptions", "CreateOptions", "UpdateOptions", "PatchOptions");
    /** What upstream registers as unversioned, under v1. */
    private static final List<String> UNVERSIONED = List.of("Status", "APIVersions", "APIGroupList",
            "APIGroup", "APIResourceList");

    private static final ProtobufKinds BUILT_IN = new ProtobufKinds(List.of(
            Meta.getDescriptor(), Runtime.getDescriptor(), Resource.getDescriptor(), IntStr.getDescriptor(),
            V1.getDescriptor(), V1Admission.getDescriptor(), V1Admissionregistration.getDescriptor(),
            V1Apps.getDescriptor(), V1Authentication.getDescriptor(), V1Authorization.getDescriptor(),
            V1Autoscaling.getDescriptor(), V1Batch.getDescriptor(), V1Certificates.getDescriptor(),
            V1Networking.getDescriptor(), V1Policy.getDescriptor(), V1Rbac.getDescriptor(),
            V1Scheduling.getDescriptor(), V1Storage.getDescriptor(), V1alpha1Imagepolicy.getDescriptor(),
            V1alpha1Rbac.getDescriptor(), V1alpha1Scheduling.getDescriptor(),
            V1beta1Admission.getDescriptor(), V1beta1Admissionregistration.getDescriptor(),
            V1beta1Apps.getDescriptor(), V1beta1Authentication.getDescriptor(),
            V1beta1Authorization.getDescriptor(), V1beta1Batch.getDescriptor(),
            V1beta1Certificates.getDescriptor(), V1beta1Extensions.getDescriptor(),
            V1beta1Policy.getDescriptor(), V1beta1Rbac.getDescriptor(), V1beta1Storage.getDescriptor(),
            V1beta2Apps.getDescriptor(), V2beta1Autoscaling.getDescriptor(),
            V2beta2Autoscaling.getDescriptor()), GoJsonTags.get());

    /** apiVersion → kind → message. */
    private final Map<String, Map<String, Descriptor>> messages = new TreeMap<>();
    /** apiVersion + "/" + kind of every kind Kubernetes has, message or not. */
    private final Set<String> upstream = new HashSet<>();

    ProtobufKinds(List<FileDescriptor> files, GoJsonTags tags) {
        for (String kind : tags.kinds()) {
            String apiVersion = tags.apiVersionOf(kind.substring(0, kind.lastIndexOf('.')));
            if (apiVersion != null) {
                upstream.add(apiVersion + "/" + kind.substring(kind.lastIndexOf('.') + 1));
            }
        }
        for (FileDescriptor file : files) {
            String apiVersion = tags.apiVersionOf(file.getPackage());
            if (apiVersion == null || apiVersion.startsWith("apiextensions.k8s.io/")) {
                continue;
            }
            for (Descriptor message : file.getMessageTypes()) {
                if (tags.kinds().contains(message.getFullName())) {
                    messages.computeIfAbsent(apiVersion, v -> new HashMap<>()).put(message.getName(), message);
                }
            }
        }
        Map<String, Descriptor> meta = messages.getOrDefault(META_V1, Map.of());
        for (Map.Entry<String, String> p : tags.apiVersions().entrySet()) {
            if (!p.getKey().startsWith("k8s.io.api.")) {
                continue; // apimachinery's own packages: meta.k8s.io and test groups
            }
            Map<String, Descriptor> version = messages.computeIfAbsent(p.getValue(), v -> new HashMap<>());
            for (String kind : p.getValue().equals("v1") ? UNVERSIONED : List.<String>of()) {
                version.putIfAbsent(kind, meta.get(kind));
            }
            for (String kind : IN_EVERY_VERSION) {
                version.putIfAbsent(kind, meta.get(kind));
            }
            version.values().removeIf(d -> d == null);
        }
    }

    static ProtobufKinds builtIn() {
        return BUILT_IN;
    }

    /** Every apiVersion and its kinds, for tests and discovery. */
    Map<String, Map<String, Descriptor>> all() {
        return messages;
    }

    /**
     * The message of {@code kind} in {@code apiVersion}.
     *
     * @throws StatusException 415 for a Kubernetes kind that j8s cannot read as protobuf, 400
     *     for a kind Kubernetes does not have (as upstream: "no kind ... is registered")
     */
    Descriptor find(String apiVersion, String kind) {
        Descriptor d = messages.getOrDefault(apiVersion, Map.of()).get(kind);
        if (d != null) {
            return d;
        }
        if (upstream.contains(apiVersion + "/" + kind)) {
            throw StatusException.unsupportedMediaType("j8s cannot read " + kind + " of " + apiVersion
                    + " as application/vnd.kubernetes.protobuf; send it as application/json");
        }
        throw StatusException.badRequest("no kind \"" + kind + "\" is registered for version \""
                + apiVersion + "\"");
    }
}
