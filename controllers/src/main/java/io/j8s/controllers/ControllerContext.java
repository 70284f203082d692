package io.j8s.controllers;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.componentbase.events.EventRecorder;
import io.j8s.componentbase.informers.SharedInformers;
import java.time.Clock;
import java.util.function.Function;

/**
 * What every controller is given (STYLE.md: injected, so a test drives a sync with fake time):
 * the controller manager's client, the shared informers, the clock, an event recorder per
 * controller name (the Event's source component, e.g. {@code deployment-controller}), and the
 * cluster CA's PEM ({@code --root-ca-file}) that the root-ca-cert-publisher hands to every
 * namespace, or null when none was given (it then takes the client's CA), and the key legacy
 * service account tokens are signed with ({@code --service-account-private-key-file}), or null
 * (the serviceaccount-token controller then fills in nothing).
 */
public record ControllerContext(KubernetesClient client, SharedInformers informers, Clock clock,
        Function<String, EventRecorder> events, String rootCa,
        java.nio.file.Path serviceAccountKeyFile) {

    /** A context without a service account key. */
    public ControllerContext(KubernetesClient client, SharedInformers informers, Clock clock,
            Function<String, EventRecorder> events, String rootCa) {
        this(client, informers, clock, events, rootCa, null);
    }

    /** A context without a root CA of its own. */
    public ControllerContext(KubernetesClient client, SharedInformers informers, Clock clock,
            Function<String, EventRecorder> events) {
        this(client, informers, clock, events, null);
    }
}
