package io.j8s.apiserver.crd;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.j8s.api.catalogue.ResourceType;
import io.j8s.api.codec.Json;
import io.j8s.apiserver.openapi.MergeSchema;
import io.j8s.apiserver.registry.Registries;
import io.j8s.apiserver.registry.Registry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the API serves for each definition: a registry per served version (all stored at the
 * storage version, under {@code /registry/GROUP/PLURAL/}) and its entries in the catalogue, which
 * discovery and OpenAPI are built from. A change of a definition swaps its versions in place.
 */
final class CustomResourceServing {
    private final Registries registries;
    private final CustomResourceConverter webhook;
    private final Clock clock;
    private final Map<String, Served> byName = new ConcurrentHashMap<>();

    /** One definition as served: its versions' registries, the storage version's first. */
    private record Served(CustomResourceDefinition crd, Map<ResourceType, Registry> registries,
            Map<ResourceType, CustomResourceStrategy> strategies, ResourceType storage,
            CustomResourceDefinitionNames names, boolean terminating) {}

    CustomResourceServing(Registries registries, CustomResourceConverter webhook, Clock clock) {
        this.registries = registries;
        this.webhook = webhook;
        this.clock = clock;
    }

    Set<String> names() {
        return Set.copyOf(byName.keySet());
    }

    /** The served definition {@code name}, or null. */
    CustomResourceDefinition definition(String name) {
        Served s = byName.get(name);
        return s == null ? null : s.crd();
    }

    /** Serves (or serves anew) the versions of {@code crd} under {@code names}. */
    synchronized void serve(CustomResourceDefinition crd, CustomResourceDefinitionNames names,
            boolean terminating) {
        String name = crd.getMetadata().getName();
        Served old = byName.get(name);
        if (old != null && old.terminating() == terminating && old.names().equals(names)
                && java.util.Objects.equals(old.crd().getMetadata().getGeneration(),
                        crd.getMetadata().getGeneration())) {
            return; // nothing it serves changed: a status write, say
        }
        List<ServedVersion> versions = ServedVersion.of(crd, names, terminating);
        String storageName = ServedVersion.storageVersion(crd);
        ResourceType storage = null;
        for (ServedVersion v : versions) {
            if (v.version().getName().equals(storageName)) {
                storage = v.type();
            }
        }
        if (storage == null) { // the storage version is not served: still where objects go
            CustomResourceDefinitionVersion sv = crd.getSpec().getVersions().stream()
                    .filter(v -> v.getName().equals(storageName)).findFirst().orElseThrow();
            storage = ServedVersion.type(crd, sv, names);
        }
        boolean sameStorage = old != null && old.storage().equals(storage);
        if (sameStorage) {
            storage = old.storage();
        }
        for (ServedVersion v : versions) {
            var schema = v.version().getSchema();
            MergeSchema.register(v.type().apiVersion(), v.type().kind(),
                    schema == null || schema.getOpenAPIV3Schema() == null ? null
                            : Json.MAPPER.valueToTree(schema.getOpenAPIV3Schema()));
        }
        Map<ResourceType, Registry> regs = new LinkedHashMap<>();
        Map<ResourceType, CustomResourceStrategy> strategies = new LinkedHashMap<>();
        List<ResourceType> added = new ArrayList<>();
        for (ServedVersion v : versions) {
            ResourceType type = v.type().equals(storage) ? storage : v.type();
            CustomResourceStrategy kept = sameStorage ? old.strategies().get(type) : null;
            if (kept != null) {
                kept.update(v);
                ResourceType same = old.registries().keySet().stream()
                        .filter(type::equals).findFirst().orElseThrow();
                regs.put(same, old.registries().get(same));
                strategies.put(same, kept);
                continue;
            }
            CustomResourceStrategy strategy = new CustomResourceStrategy(
                    new ServedVersion(v.crd(), v.version(), type, v.schema(), terminating),
                    webhook, clock);
            regs.put(type, registries.register(type, storage, strategy));
            strategies.put(type, strategy);
            added.add(type);
        }
        Set<ResourceType> gone = new HashSet<>(old == null ? Set.of() : old.registries().keySet());
        gone.removeAll(regs.keySet());
        Set<ResourceType> replaced = new HashSet<>(gone);
        if (old != null) {
            for (ResourceType t : added) {
                if (old.registries().containsKey(t)) {
                    replaced.add(t);
                }
            }
        }
        registries.catalogue().replace(t -> replaced.contains(t) && isOurs(t, old), added);
        for (ResourceType t : gone) {
            registries.unregister(t);
        }
        byName.put(name, new Served(crd, regs, strategies, storage, names, terminating));
    }

    private static boolean isOurs(ResourceType t, Served old) {
        return old != null && old.registries().keySet().stream().anyMatch(o -> o == t);
    }

    /** Stops serving the definition {@code name}. */
    synchronized void unserve(String name) {
        Served old = byName.remove(name);
        if (old == null) {
            return;
        }
        Set<ResourceType> types = old.registries().keySet();
        types.forEach(t -> MergeSchema.register(t.apiVersion(), t.kind(), null));
        registries.catalogue().remove(t -> types.stream().anyMatch(o -> o == t));
        types.forEach(registries::unregister);
    }

    /** The registry of the definition's storage version (serving it or not), or null. */
    Registry storageRegistry(String name) {
        Served s = byName.get(name);
        if (s == null) {
            return null;
        }
        Registry r = s.registries().get(s.storage());
        return r != null ? r : s.registries().values().stream().findFirst().orElse(null);
    }

    /** Every group/version some definition serves, as {@code group/version}. */
    Set<String> groupVersions() {
        Set<String> out = new TreeSet<>();
        for (Served s : byName.values()) {
            s.registries().keySet().forEach(t -> out.add(t.apiVersion()));
        }
        return out;
    }
}
