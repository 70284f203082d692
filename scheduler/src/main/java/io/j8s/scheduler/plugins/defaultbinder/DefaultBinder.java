package io.j8s.scheduler.plugins.defaultbinder;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.BindPlugin;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.FrameworkHandle;
import io.j8s.scheduler.framework.Status;
import java.util.Map;

/** Posts a Binding with the cycle's binding annotations (placeholder; see package-info). */
public final class DefaultBinder implements BindPlugin {
    private final FrameworkHandle handle;

    public DefaultBinder(JsonNode args, FrameworkHandle handle) {
        this.handle = handle;
    }

    @Override
    public String name() {
        return "DefaultBinder";
    }

    @Override
    public Status bind(CycleState state, Pod pod, String nodeName) {
        Map<String, String> annotations = Map.copyOf(state.bindingAnnotations());
        Binding binding = new BindingBuilder().withNewMetadata()
                .withNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .withUid(pod.getMetadata().getUid()).withAnnotations(annotations.isEmpty() ? null : annotations)
                .endMetadata().withNewTarget().withKind("Node").withApiVersion("v1").withName(nodeName)
                .endTarget().build();
        try {
            handle.client().bindings().inNamespace(pod.getMetadata().getNamespace()).resource(binding).create();
            return Status.success();
        } catch (RuntimeException e) {
            return Status.error(e.getMessage());
        }
    }
}
