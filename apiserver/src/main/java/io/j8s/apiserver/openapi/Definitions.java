package io.j8s.apiserver.openapi;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.Status;
import io.j8s.api.catalogue.ResourceCatalogue;
import io.j8s.api.catalogue.ResourceType;
import io.j8s.apiserver.openapi.Definition.Form;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every definition the served resources need: each kind and its list, everything their fields
 * reach, and the meta/v1 types the operations carry (Status, DeleteOptions, WatchEvent, Patch).
 */
final class Definitions {
    static final String STATUS = DefinitionNames.META + "Status";
    static final String DELETE_OPTIONS = DefinitionNames.META + "DeleteOptions";
    static final String WATCH_EVENT = DefinitionNames.META + "WatchEvent";
    static final String PATCH = DefinitionNames.META + "Patch";

    private final Map<String, Definition> byName;
    private final Map<ResourceType, String> kinds;

    private Definitions(Map<String, Definition> byName, Map<ResourceType, String> kinds) {
        this.byName = byName;
        this.kinds = kinds;
    }

    static Definitions of(ResourceCatalogue catalogue) {
        Map<String, Definition> all = new TreeMap<>();
        FieldDescriptions text = FieldDescriptions.shipped();
        ModelWalker walker = new ModelWalker(new DefinitionNames(catalogue), text, all);
        Map<ResourceType, String> kinds = new HashMap<>();
        Map<String, List<GroupVersionKind>> gvks = new HashMap<>();
        for (ResourceType t : catalogue.all()) {
            String name = walker.define(t.type());
            kinds.put(t, name);
            gvks.computeIfAbsent(name, n -> new ArrayList<>()).add(GroupVersionKind.of(t));
        }
        String listMeta = walker.define(ListMeta.class);
        for (ResourceType t : catalogue.all()) {
            String list = kinds.get(t) + "List";
            all.putIfAbsent(list, listOf(list, kinds.get(t), listMeta, text));
            gvks.computeIfAbsent(list, n -> new ArrayList<>())
                    .add(new GroupVersionKind(t.group(), t.version(), t.listKind()));
        }
        walker.define(Status.class);
        walker.define(DeleteOptions.class);
        walker.defineSpecial(PATCH, Form.FREE_OBJECT, "Patch is the body of a PATCH request.");
        String raw = walker.defineSpecial(DefinitionNames.RAW_EXTENSION, Form.FREE_OBJECT,
                "RawExtension holds an object of any kind.");
        all.put(WATCH_EVENT, new Definition(WATCH_EVENT, Form.OBJECT,
                "Event represents a single event to a watched resource.",
                List.of(new Property("object", new SchemaType.Ref(raw), MergeStrategy.NONE),
                        new Property("type", new SchemaType.Primitive("string", ""),
                                MergeStrategy.NONE)),
                List.of("type", "object"), List.of()));
        gvks.computeIfAbsent(STATUS, n -> new ArrayList<>())
                .add(new GroupVersionKind("", "v1", "Status"));
        catalogue.groupVersions().forEach((group, versions) -> versions.forEach(v -> {
            gvks.computeIfAbsent(DELETE_OPTIONS, n -> new ArrayList<>())
                    .add(new GroupVersionKind(group, v, "DeleteOptions"));
            gvks.computeIfAbsent(WATCH_EVENT, n -> new ArrayList<>())
                    .add(new GroupVersionKind(group, v, "WatchEvent"));
        }));
        gvks.forEach((name, list) -> {
            Definition d = all.get(name);
            all.put(name, new Definition(d.name(), d.form(), d.description(), d.properties(),
                    d.required(), list));
        });
        return new Definitions(all, kinds);
    }

    private static Definition listOf(String name, String kind, String listMeta,
            FieldDescriptions text) {
        String description = text.type(name);
        return new Definition(name, Form.OBJECT, description.isEmpty()
                ? "A list of " + DefinitionNames.simpleName(kind) + " objects." : description,
                List.of(
                        new Property("apiVersion", new SchemaType.Primitive("string", ""),
                                MergeStrategy.NONE, text.field(name, "apiVersion")),
                        new Property("items", new SchemaType.ArrayOf(new SchemaType.Ref(kind)),
                                MergeStrategy.NONE, text.field(name, "items")),
                        new Property("kind", new SchemaType.Primitive("string", ""),
                                MergeStrategy.NONE, text.field(name, "kind")),
                        new Property("metadata", new SchemaType.Ref(listMeta),
                                MergeStrategy.NONE, text.field(name, "metadata"))),
                List.of("items"), List.of());
    }

    Collection<Definition> all() {
        return byName.values();
    }

    Definition get(String name) {
        return byName.get(name);
    }

    /** The definition of one object of {@code type}: {@code io.k8s.api.core.v1.Pod}. */
    String kind(ResourceType type) {
        return kinds.get(type);
    }

    /** The definition of a list of {@code type}: {@code io.k8s.api.core.v1.PodList}. */
    String list(ResourceType type) {
        return kinds.get(type) + "List";
    }

    /** {@code roots} and every definition they reach, sorted. */
    Set<String> closure(Collection<String> roots) {
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!seen.add(name)) {
                continue;
            }
            Definition d = byName.get(name);
            if (d == null) {
                throw new IllegalStateException("no definition " + name);
            }
            d.properties().forEach(p -> refs(p.type(), todo));
        }
        return seen;
    }

    static void refs(SchemaType type, Collection<String> out) {
        switch (type) {
            case SchemaType.Ref r -> out.add(r.definition());
            case SchemaType.ArrayOf a -> refs(a.items(), out);
            case SchemaType.MapOf m -> refs(m.values(), out);
            default -> { }
        }
    }

    private static final Map<List<ResourceType>, Definitions> BUILT =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The definitions of {@code catalogue}'s resources, built once per set of resources (it walks
     * some 430 model classes: seconds, cold) and shared by the OpenAPI documents and
     * {@link MergeSchema}.
     */
    static Definitions cached(ResourceCatalogue catalogue) {
        return BUILT.computeIfAbsent(catalogue.all(), all -> of(catalogue));
    }
}
