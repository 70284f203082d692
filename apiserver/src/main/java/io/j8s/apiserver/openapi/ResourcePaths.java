package io.j8s.apiserver.openapi;

import io.j8s.api.catalogue.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The paths of one resource, shaped as upstream's apiserver installs them: the collection, the
 * object, its status, and the deprecated {@code /watch/} paths; each operation present only when
 * the resource has the verb, named as upstream names it ({@code listCoreV1NamespacedPod},
 * {@code patchAppsV1NamespacedDeploymentStatus}).
 */
final class ResourcePaths {
    static final List<String> JSON_YAML = List.of("application/json", "application/yaml");
    static final List<String> WATCH_TYPES = List.of("application/json", "application/yaml",
            "application/json;stream=watch");
    static final List<String> ANY = List.of("*/*");
    static final List<String> PATCH_TYPES = List.of("application/json-patch+json",
            "application/merge-patch+json", "application/strategic-merge-patch+json");
    /** A custom resource's: no strategic merge patch, as upstream. */
    static final List<String> CUSTOM_PATCH_TYPES = List.of("application/json-patch+json",
            "application/merge-patch+json", "application/apply-patch+yaml");

    private final ResourceType type;
    private final String kindDefinition;
    private final String listDefinition;
    private final GroupVersionKind gvk;
    private final String tag;
    private final String gv;
    private final String scope;
    private final List<String> patchTypes;

    ResourcePaths(ResourceType type, Definitions definitions) {
        this(type, definitions.kind(type), definitions.list(type), PATCH_TYPES);
    }

    /** The paths of a resource whose definitions are named here (a custom resource's). */
    ResourcePaths(ResourceType type, String kindDefinition, String listDefinition,
            List<String> patchTypes) {
        this.patchTypes = patchTypes;
        this.type = type;
        this.kindDefinition = kindDefinition;
        this.listDefinition = listDefinition;
        this.gvk = GroupVersionKind.of(type);
        this.tag = tag(type.group(), type.version());
        this.gv = camelGroup(type.group()) + capitalize(type.version());
        this.scope = type.namespaced() ? "Namespaced" : "";
    }

    /** The path prefix of a group version: {@code /api/v1} or {@code /apis/apps/v1}. */
    static String root(String group, String version) {
        return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    }

    /** Upstream's tag: {@code core_v1}, {@code apps_v1}, {@code rbacAuthorization_v1}. */
    static String tag(String group, String version) {
        String camel = camelGroup(group);
        return Character.toLowerCase(camel.charAt(0)) + camel.substring(1) + "_" + version;
    }

    /** {@code Core}, {@code Apps}, {@code RbacAuthorization}, {@code FlowcontrolApiserver}. */
    static String camelGroup(String group) {
        if (group.isEmpty()) {
            return "Core";
        }
        String trimmed = group.endsWith(".k8s.io")
                ? group.substring(0, group.length() - ".k8s.io".length()) : group;
        StringBuilder out = new StringBuilder();
        for (String part : trimmed.split("[.-]")) {
            out.append(capitalize(part));
        }
        return out.toString();
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }

    List<PathItem> paths() {
        String root = root(type.group(), type.version());
        String collection = type.namespaced()
                ? root + "/namespaces/{namespace}/" + type.plural() : root + "/" + type.plural();
        List<Parameter> shared = type.namespaced()
                ? List.of(Parameter.NAMESPACE, Parameter.PRETTY) : List.of(Parameter.PRETTY);
        List<Parameter> sharedNamed = new ArrayList<>();
        sharedNamed.add(Parameter.path("name", "name of the " + type.kind()));
        sharedNamed.addAll(shared);
        String kind = type.kind();
        List<PathItem> out = new ArrayList<>();

        add(out, collection, shared,
                op("get", "list", "list" + gv + scope + kind, "list or watch objects of kind "
                        + kind, Parameter.LIST, "", false, ANY, JSON_YAML,
                        Map.of("200", listDefinition)),
                op("post", "create", "create" + gv + scope + kind, "create a " + kind,
                        Parameter.WRITE, kindDefinition, true, ANY, JSON_YAML,
                        Map.of("200", kindDefinition, "201", kindDefinition,
                                "202", kindDefinition)),
                op("delete", "deletecollection", "delete" + gv + "Collection" + scope + kind,
                        "delete collection of " + kind,
                        concat(Parameter.DELETE, Parameter.SELECT),
                        Definitions.DELETE_OPTIONS, false, ANY, JSON_YAML,
                        Map.of("200", Definitions.STATUS)));
        add(out, collection + "/{name}", sharedNamed,
                op("get", "get", "read" + gv + scope + kind, "read the specified " + kind,
                        List.of(), "", false, ANY, JSON_YAML, Map.of("200", kindDefinition)),
                op("put", "update", "replace" + gv + scope + kind, "replace the specified " + kind,
                        Parameter.WRITE, kindDefinition, true, ANY, JSON_YAML,
                        Map.of("200", kindDefinition, "201", kindDefinition)),
                op("patch", "patch", "patch" + gv + scope + kind,
                        "partially update the specified " + kind, Parameter.PATCH,
                        Definitions.PATCH, true, patchTypes, JSON_YAML,
                        Map.of("200", kindDefinition, "201", kindDefinition)),
                op("delete", "delete", "delete" + gv + scope + kind, "delete a " + kind,
                        Parameter.DELETE, Definitions.DELETE_OPTIONS, false, ANY, JSON_YAML,
                        Map.of("200", Definitions.STATUS, "202", Definitions.STATUS)));
        // the subresources that read and write the object itself: its status, and the approval
        // of a CertificateSigningRequest
        for (String sub : List.of("approval", "status")) {
            if (!type.subresources().contains(sub)) {
                continue;
            }
            String suffix = capitalize(sub);
            add(out, collection + "/{name}/" + sub, sharedNamed,
                    op("get", "get", "read" + gv + scope + kind + suffix,
                            "read " + sub + " of the specified " + kind, List.of(), "", false,
                            ANY, JSON_YAML, Map.of("200", kindDefinition)),
                    op("put", "update", "replace" + gv + scope + kind + suffix,
                            "replace " + sub + " of the specified " + kind, Parameter.WRITE,
                            kindDefinition, true, ANY, JSON_YAML,
                            Map.of("200", kindDefinition, "201", kindDefinition)),
                    op("patch", "patch", "patch" + gv + scope + kind + suffix,
                            "partially update " + sub + " of the specified " + kind,
                            Parameter.PATCH, Definitions.PATCH, true, patchTypes, JSON_YAML,
                            Map.of("200", kindDefinition, "201", kindDefinition)));
        }
        if (type.namespaced()) {
            add(out, root + "/" + type.plural(), List.of(Parameter.PRETTY),
                    op("get", "list", "list" + gv + kind + "ForAllNamespaces",
                            "list or watch objects of kind " + kind, Parameter.LIST, "", false,
                            ANY, JSON_YAML, Map.of("200", listDefinition)));
        }
        String watchRoot = type.namespaced()
                ? root + "/watch/namespaces/{namespace}/" + type.plural()
                : root + "/watch/" + type.plural();
        add(out, watchRoot, shared, watchOp("watchlist", "watch" + gv + scope + kind + "List",
                "watch individual changes to a list of " + kind
                        + ". deprecated: use the 'watch' parameter with a list operation"
                        + " instead."));
        add(out, watchRoot + "/{name}", sharedNamed, watchOp("watch",
                "watch" + gv + scope + kind, "watch changes to an object of kind " + kind
                        + ". deprecated: use the 'watch' parameter with a list operation instead,"
                        + " filtered to a single item with the 'fieldSelector' parameter."));
        if (type.namespaced()) {
            add(out, root + "/watch/" + type.plural(), List.of(Parameter.PRETTY),
                    watchOp("watchlist", "watch" + gv + kind + "ListForAllNamespaces",
                            "watch individual changes to a list of " + kind
                                    + ". deprecated: use the 'watch' parameter with a list"
                                    + " operation instead."));
        }
        return out;
    }

    /** A deprecated {@code /watch/} operation, when the resource can be watched. */
    private Operation watchOp(String action, String id, String description) {
        return !type.verbs().contains("watch") ? null : new Operation("get", id, description, tag,
                action, gvk, Parameter.LIST, "", false, ANY, WATCH_TYPES,
                Map.of("200", Definitions.WATCH_EVENT));
    }

    private static List<Parameter> concat(List<Parameter> a, List<Parameter> b) {
        List<Parameter> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** An operation when the resource has {@code verb}; null otherwise. */
    private Operation op(String method, String verb, String id, String description,
            List<Parameter> parameters, String body, boolean bodyRequired, List<String> consumes,
            List<String> produces, Map<String, String> responses) {
        if (!type.verbs().contains(verb)) {
            return null;
        }
        String action = switch (verb) {
            case "create" -> "post";
            case "update" -> "put";
            default -> verb;
        };
        return new Operation(method, id, description, tag, action, gvk, parameters, body,
                bodyRequired, consumes, produces, responses);
    }

    private static void add(List<PathItem> out, String path, List<Parameter> shared,
            Operation... operations) {
        List<Operation> present = new ArrayList<>();
        for (Operation o : operations) {
            if (o != null) {
                present.add(o);
            }
        }
        if (!present.isEmpty()) {
            out.add(new PathItem(path, shared, present));
        }
    }
}
