package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.admission.ClusterObjects;
import java.util.List;
import java.util.Optional;

/** Admission's view of the stored objects, through the registries at the latest revision. */
final class RegistryObjects implements ClusterObjects {
    private final Registries registries;

    RegistryObjects(Registries registries) {
        this.registries = registries;
    }

    private Registry registry(String group, String plural) {
        return registries.catalogue().all().stream()
                .filter(t -> t.group().equals(group) && t.plural().equals(plural))
                .findFirst()
                .flatMap(t -> registries.find(t.group(), t.version(), t.plural()))
                .orElseThrow(() -> new IllegalArgumentException(group + "/" + plural));
    }

    @Override
    public List<ObjectNode> list(String group, String plural, String namespace) {
        return Lister.list(registry(group, plural), namespace, ListOptions.all()).items();
    }

    @Override
    public List<ObjectNode> cached(String group, String plural, String namespace) {
        ListOptions any = new ListOptions(ListOptions.all().labelSelector(),
                ListOptions.all().fieldSelector(), "0", "", 0, "", false, 0);
        return registry(group, plural).list(namespace, any).items();
    }

    @Override
    public Optional<ObjectNode> get(String group, String plural, String namespace, String name) {
        return registry(group, plural).read(namespace, name);
    }

    @Override
    public List<io.j8s.api.catalogue.ResourceType> equivalents(String group, String version,
            String plural) {
        List<io.j8s.api.catalogue.ResourceType> all = registries.catalogue().all();
        var self = all.stream().filter(t -> t.group().equals(group)
                && t.version().equals(version) && t.plural().equals(plural)).findFirst();
        if (self.isEmpty() || !self.get().stored()) {
            return List.of();
        }
        String prefix = self.get().storagePrefix();
        return all.stream().filter(t -> t.storagePrefix().equals(prefix)
                && !(t.group().equals(group) && t.version().equals(version))).toList();
    }

    @Override
    public ObjectNode convert(String group, String plural, ObjectNode object, String version) {
        if (object == null) {
            return null;
        }
        Registry target = registries.find(group, version, plural).orElseThrow(
                () -> new IllegalArgumentException(group + "/" + version + "/" + plural));
        return target.strategy().convert(object.deepCopy(), target.type().apiVersion());
    }

    @Override
    public boolean replaceStatus(String group, String plural, ObjectNode object) {
        if (Meta.resourceVersion(object).isEmpty()) {
            throw new IllegalArgumentException("a guarded write needs a resourceVersion");
        }
        try {
            registry(group, plural).update(Meta.namespace(object), Meta.name(object), object,
                    "status", WriteOptions.DEFAULT);
            return true;
        } catch (StatusException e) {
            if ("Conflict".equals(e.reason()) || "NotFound".equals(e.reason())) {
                return false;
            }
            throw e;
        }
    }
}
