package io.j8s.apiserver.admission;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which admission plugins run, from upstream's {@code --enable-admission-plugins} and
 * {@code --disable-admission-plugins}: the plugins on by default, plus those enabled, less those
 * disabled, always in upstream's order whatever the order of the flags. Names are upstream's.
 * j8s serves eleven of them, all on by default (NodeRestriction too, as kubeadm turns it on; it
 * acts with the Node authorization mode); a plugin j8s does not serve
 * may be disabled (upstream's own set-ups disable many) but not enabled.
 */
public final class AdmissionPlugins {
    /** Upstream's plugins in upstream's order ({@code AllOrderedPlugins}, Kubernetes 1.33). */
    static final List<String> UPSTREAM = List.of("AlwaysAdmit", "NamespaceAutoProvision",
            "NamespaceLifecycle", "NamespaceExists", "LimitPodHardAntiAffinityTopology",
            "LimitRanger", "ServiceAccount", "NodeRestriction", "TaintNodesByCondition",
            "AlwaysPullImages", "ImagePolicyWebhook", "PodSecurity", "PodNodeSelector",
            "Priority", "DefaultTolerationSeconds", "PodTolerationRestriction", "EventRateLimit",
            "ExtendedResourceToleration", "DefaultStorageClass", "StorageObjectInUseProtection",
            "OwnerReferencesPermissionEnforcement", "PersistentVolumeClaimResize",
            "RuntimeClass", "CertificateApproval", "CertificateSigning",
            "ClusterTrustBundleAttest", "CertificateSubjectRestriction", "DefaultIngressClass",
            "DenyServiceExternalIPs", "PodTopologyLabels", "MutatingAdmissionPolicy",
            "MutatingAdmissionWebhook", "ValidatingAdmissionPolicy",
            "ValidatingAdmissionWebhook", "ResourceQuota", "AlwaysDeny");
    /** What j8s serves; each is on by default, as upstream. */
    public static final List<String> SERVED = List.of("NamespaceLifecycle", "LimitRanger",
            "ServiceAccount", "NodeRestriction", "PodSecurity", "Priority",
            "DefaultTolerationSeconds", "MutatingAdmissionWebhook", "ValidatingAdmissionPolicy",
            "ValidatingAdmissionWebhook",
            "ResourceQuota");

    private AdmissionPlugins() {}

    /**
     * The plugins that run, in upstream's order.
     *
     * @throws IllegalArgumentException naming every unknown plugin, every plugin both enabled and
     *     disabled, and every plugin enabled that j8s does not serve
     */
    public static List<String> resolve(List<String> enable, List<String> disable) {
        Set<String> unknown = new TreeSet<>();
        for (String name : concat(enable, disable)) {
            if (!UPSTREAM.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown admission plugin"
                    + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + "; upstream's names are " + String.join(", ", UPSTREAM));
        }
        Set<String> both = new TreeSet<>(enable);
        both.retainAll(disable);
        if (!both.isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", both) + " in both"
                    + " --enable-admission-plugins and --disable-admission-plugins");
        }
        Set<String> unserved = new TreeSet<>(enable);
        unserved.removeAll(SERVED);
        if (!unserved.isEmpty()) {
            throw new IllegalArgumentException("admission plugin" + (unserved.size() > 1 ? "s "
                    : " ") + String.join(", ", unserved) + " not served by j8s yet; it serves "
                    + String.join(", ", SERVED));
        }
        List<String> on = new ArrayList<>();
        for (String name : UPSTREAM) {
            if (SERVED.contains(name) && !disable.contains(name)) {
                on.add(name);
            }
        }
        return List.copyOf(on);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
