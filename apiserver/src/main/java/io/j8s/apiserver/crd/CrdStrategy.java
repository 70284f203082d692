package io.j8s.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.j8s.api.codec.Json;
import io.j8s.apiserver.crd.schema.CrdValidation;
import io.j8s.apiserver.registry.Strategy;
import java.util.List;
import java.util.Locale;

/**
 * The registry strategy of CustomResourceDefinitions themselves: upstream's defaults, the
 * definition's own validation ({@link CrdValidation}), generation tracking, and the clean-up
 * finalizer its deletion adds, so that deleting it first deletes its custom resources.
 */
final class CrdStrategy implements Strategy {

    @Override
    public void applyDefaults(ObjectNode crd) {
        JsonNode spec = crd.get("spec");
        if (!(spec instanceof ObjectNode s)) {
            return;
        }
        if (s.get("names") instanceof ObjectNode names && names.hasNonNull("kind")) {
            String kind = names.get("kind").asText();
            if (names.path("singular").asText("").isEmpty()) {
                names.put("singular", kind.toLowerCase(Locale.ROOT));
            }
            if (names.path("listKind").asText("").isEmpty()) {
                names.put("listKind", kind + "List");
            }
        }
        if (!s.has("conversion")) {
            s.putObject("conversion").put("strategy", "None");
        }
    }

    @Override
    public String deletionFinalizer() {
        return ServedVersion.FINALIZER;
    }

    @Override
    public List<StatusCause> validateCreate(ObjectNode crd) {
        return CrdValidation.validate(typed(crd), null);
    }

    @Override
    public List<StatusCause> validateUpdate(ObjectNode crd, ObjectNode old) {
        return CrdValidation.validate(typed(crd), typed(old));
    }

    @Override
    public boolean tracksGeneration() {
        return true;
    }

    static CustomResourceDefinition typed(ObjectNode crd) {
        return Json.convert(crd, CustomResourceDefinition.class);
    }
}
