package io.j8s.apiserver.admission;

import java.util.Set;

/**
 * The objects that configure admission itself: webhooks and policies never judge them, as
 * upstream exempts them, so that a webhook that is down cannot keep its own configuration from
 * being fixed or deleted.
 */
public final class AdmissionConfigurations {
    private static final Set<String> EXEMPT = Set.of("validatingwebhookconfigurations",
            "mutatingwebhookconfigurations", "validatingadmissionpolicies",
            "validatingadmissionpolicybindings", "mutatingadmissionpolicies",
            "mutatingadmissionpolicybindings");

    private AdmissionConfigurations() {}

    /** True for a write of one of those objects. */
    public static boolean exempt(AdmissionRequest r) {
        return r.group().equals("admissionregistration.k8s.io") && EXEMPT.contains(r.plural());
    }
}
