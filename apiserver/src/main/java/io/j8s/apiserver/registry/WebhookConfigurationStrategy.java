package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.apiserver.webhook.WebhookConfigurationValidation;
import java.util.List;

/** Mutating- and ValidatingWebhookConfigurations: upstream's defaults and validation. */
final class WebhookConfigurationStrategy implements Strategy {
    private final boolean mutating;

    WebhookConfigurationStrategy(boolean mutating) {
        this.mutating = mutating;
    }

    @Override
    public void applyDefaults(ObjectNode object) {
        WebhookConfigurationValidation.applyDefaults(object, mutating);
    }

    @Override
    public List<StatusCause> validate(ObjectNode object) {
        return WebhookConfigurationValidation.validate(object, mutating);
    }

    @Override
    public boolean tracksGeneration() {
        return true;
    }
}
