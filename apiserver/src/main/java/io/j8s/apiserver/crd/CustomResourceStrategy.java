package io.j8s.apiserver.crd;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.registry.ScalePaths;
import io.j8s.apiserver.registry.Strategy;
import io.j8s.apiserver.registry.TablePrinter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The registry strategy of one served version of a custom resource: the version's schema
 * defaults, prunes and validates; its selectable fields, scale paths and printer columns come
 * from the definition. The version is swapped in place when the definition changes, so a schema
 * or column change does not restart the resource's watch cache.
 */
final class CustomResourceStrategy implements Strategy {
    private final CustomResourceConverter webhook;
    private final Clock clock;
    private volatile ServedVersion served;

    CustomResourceStrategy(ServedVersion served, CustomResourceConverter webhook, Clock clock) {
        this.served = served;
        this.webhook = webhook;
        this.clock = clock;
    }

    void update(ServedVersion next) {
        served = next;
    }

    ServedVersion served() {
        return served;
    }

    @Override
    public void applyDefaults(ObjectNode object) {
        served.schema().applyDefaults(object);
    }

    @Override
    public void decoded(ObjectNode object) {
        served.schema().applyDefaults(object);
    }

    @Override
    public List<StatusCause> validateCreate(ObjectNode object) {
        return served.schema().validate(object, null);
    }

    @Override
    public List<StatusCause> validateUpdate(ObjectNode object, ObjectNode old) {
        return served.schema().validate(object, old);
    }

    @Override
    public boolean tracksGeneration() {
        return true;
    }

    /** Upstream: without a status subresource, a status change is a change of the object too. */
    @Override
    public boolean generationIgnoresStatus() {
        return served.type().subresources().contains("status");
    }

    @Override
    public Set<String> selectableFields() {
        return served.selectableFields();
    }

    @Override
    public ObjectNode convert(ObjectNode object, String apiVersion) {
        CustomResourceDefinition crd = served.crd();
        return converter(crd, webhook).convert(crd, List.of(object), apiVersion).getFirst();
    }

    static CustomResourceConverter converter(CustomResourceDefinition crd,
            CustomResourceConverter webhook) {
        String strategy = crd.getSpec().getConversion() == null ? "None"
                : crd.getSpec().getConversion().getStrategy();
        if (!"Webhook".equals(strategy)) {
            return NoneConverter.INSTANCE;
        }
        if (webhook == null) {
            return (c, objects, version) -> {
                throw StatusException.internal("conversion webhook for "
                        + c.getSpec().getGroup() + "/" + c.getSpec().getNames().getKind()
                        + " failed: this API server has no conversion webhook client");
            };
        }
        return webhook;
    }

    @Override
    public List<String> removeUnknownFields(ObjectNode object, Class<?> model) {
        List<String> out = new ArrayList<>();
        for (String path : served.schema().prune(object)) {
            out.add(path.startsWith(".") ? path.substring(1) : path);
        }
        return out;
    }

    @Override
    public boolean strategicMergePatch() {
        return false;
    }

    @Override
    public ScalePaths scalePaths() {
        return served.scalePaths();
    }

    @Override
    public TablePrinter tablePrinter() {
        return new CustomResourceTable(served, clock);
    }

    @Override
    public ObjectNode openApiSchema() {
        var schema = served.version().getSchema();
        return schema == null || schema.getOpenAPIV3Schema() == null ? null
                : Json.MAPPER.valueToTree(schema.getOpenAPIV3Schema());
    }

    @Override
    public String refuseCreate() {
        return served.terminating()
                ? "create not allowed while custom resource definition is terminating" : null;
    }
}
