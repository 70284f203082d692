package io.j8s.scheduler.plugins.defaultbinder;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.j8s.scheduler.framework.BindPlugin;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.FrameworkHandle;
import io.j8s.scheduler.framework.Plugin;
import io.j8s.scheduler.framework.Status;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Binds the pod to the chosen node with a Binding (the pod's name, namespace and uid, target
 * Node), carrying {@link CycleState#bindingAnnotations()} as its annotations, which the API
 * server copies onto the pod in the same write. A failed binding is an Error status: the
 * runtime un-assumes the pod and retries it.
 */
public final class DefaultBinder implements Plugin, BindPlugin {
    public static final String NAME = "DefaultBinder";

    private final FrameworkHandle handle;

    public DefaultBinder(JsonNode args, FrameworkHandle handle) {
        this.handle = handle;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status bind(CycleState state, Pod pod, String nodeName) {
        Map<String, String> annotations;
        synchronized (state) {
            annotations = new LinkedHashMap<>(state.bindingAnnotations());
        }
        Binding binding = new BindingBuilder()
                .withNewMetadata().withNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid())
                .withAnnotations(annotations.isEmpty() ? null : annotations).endMetadata()
                .withNewTarget().withKind("Node").withName(nodeName).endTarget()
                .build();
        try {
            handle.client().bindings().inNamespace(pod.getMetadata().getNamespace()).resource(binding).create();
            return Status.success();
        } catch (KubernetesClientException e) {
            String message = e.getStatus() != null && e.getStatus().getMessage() != null
                    ? e.getStatus().getMessage() : e.getMessage();
            return Status.error("binding rejected: " + message);
        }
    }
}
