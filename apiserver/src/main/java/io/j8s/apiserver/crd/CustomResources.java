package io.j8s.apiserver.crd;

import io.j8s.api.catalogue.ResourceType;
import io.j8s.apiserver.registry.Registries;
import io.j8s.apiserver.registry.Registry;
import java.time.Clock;

/**
 * Serves CustomResourceDefinitions: {@link #install} before the watch caches start (it gives the
 * definitions their strategy), {@link #start} once they run; {@link #close} stops the controller.
 */
public final class CustomResources implements AutoCloseable {
    private final CrdController controller;

    private CustomResources(CrdController controller) {
        this.controller = controller;
    }

    /**
     * Takes over the {@code customresourcedefinitions} registry of {@code registries}.
     *
     * @param conversionWebhook the converter of definitions with the {@code Webhook} conversion
     *     strategy; null when there is none (their conversions then fail with a clear error)
     */
    public static CustomResources install(Registries registries,
            CustomResourceConverter conversionWebhook, Clock clock) {
        ResourceType crdType = registries.find("apiextensions.k8s.io", "v1",
                "customresourcedefinitions").orElseThrow().type();
        Registry crds = registries.register(crdType, crdType, new CrdStrategy());
        CustomResourceServing serving = new CustomResourceServing(registries, conversionWebhook,
                clock);
        return new CustomResources(new CrdController(registries, crds, serving,
                new ApiServiceRegistration(registries), clock));
    }

    /** Starts serving the definitions in the store, and watching for more. */
    public void start() {
        controller.start();
    }

    @Override
    public void close() {
        controller.close();
    }
}
