package io.j8s.controllers;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.componentbase.events.EventRecorder;
import io.j8s.componentbase.informers.SharedInformers;
import java.time.Clock;
import java.util.function.Function;

/**
 * What every controller is given (STYLE.md: injected, so a test drives a sync with fake time):
 * the controller manager's client, the shared informers, the clock, and an event recorder per
 * controller name (the Event's source component, e.g. {@code deployment-controller}).
 */
public record ControllerContext(KubernetesClient client, SharedInformers informers, Clock clock,
        Function<String, EventRecorder> events) {
}
