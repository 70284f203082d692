package io.j8s.apiserver.admission.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import io.j8s.api.catalogue.ResourceCatalogue;
import io.j8s.api.catalogue.ResourceType;
import io.j8s.apiserver.admission.ClusterObjects;
import io.j8s.apiserver.cel.CelExpressions;
import io.j8s.apiserver.cel.Variables;
import io.j8s.apiserver.crd.schema.ObjectCelType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Upstream's type checking of a ValidatingAdmissionPolicy: each validation's expression and
 * messageExpression is compiled with {@code object} and {@code oldObject} typed by the schema of
 * each kind the policy's resource rules name (no wildcards; at most 10 kinds), {@code params} by
 * the paramKind's schema, {@code namespaceObject} by the Namespace's, {@code request} as the
 * admission request it is, and {@code variables} by what each variable's expression gives. What
 * does not check becomes an expression warning ({@code status.typeChecking.expressionWarnings}).
 * The schemas are those of the server's OpenAPI documents for built-in kinds and the
 * definitions' for custom resources.
 */
final class PolicyTypeChecking {
    private static final int MAX_TYPES = 10;
    private static final StructType GROUP_VERSION_KIND = struct("kubernetes.GroupVersionKind",
            Map.of("group", SimpleType.STRING, "version", SimpleType.STRING, "kind", SimpleType.STRING));
    private static final StructType GROUP_VERSION_RESOURCE = struct("kubernetes.GroupVersionResource",
            Map.of("group", SimpleType.STRING, "version", SimpleType.STRING, "resource", SimpleType.STRING));
    private static final StructType USER_INFO = struct("kubernetes.UserInfo", Map.of(
            "username", SimpleType.STRING, "uid", SimpleType.STRING,
            "groups", ListType.create(SimpleType.STRING),
            "extra", MapType.create(SimpleType.STRING, ListType.create(SimpleType.STRING))));
    /** Upstream's {@code request} of an admission policy: the request's attributes. */
    private static final StructType REQUEST = struct("kubernetes.AdmissionRequest", Map.ofEntries(
            Map.entry("kind", GROUP_VERSION_KIND), Map.entry("resource", GROUP_VERSION_RESOURCE),
            Map.entry("subResource", SimpleType.STRING),
            Map.entry("requestKind", GROUP_VERSION_KIND),
            Map.entry("requestResource", GROUP_VERSION_RESOURCE),
            Map.entry("requestSubResource", SimpleType.STRING), Map.entry("name", SimpleType.STRING),
            Map.entry("namespace", SimpleType.STRING), Map.entry("operation", SimpleType.STRING),
            Map.entry("userInfo", USER_INFO), Map.entry("dryRun", SimpleType.BOOL),
            Map.entry("options", SimpleType.DYN)));

    private static StructType struct(String name, Map<String, CelType> fields) {
        return StructType.create(name, ImmutableSet.copyOf(fields.keySet()),
                f -> Optional.ofNullable(fields.get(f)));
    }
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ClusterObjects objects;
    private final ResourceCatalogue catalogue;
    private final OpenApiSchemas builtIn;

    PolicyTypeChecking(ClusterObjects objects, ResourceCatalogue catalogue) {
        this.objects = objects;
        this.catalogue = catalogue;
        this.builtIn = new OpenApiSchemas(catalogue);
    }

    private record Kind(String group, String version, String kind, ObjectCelType type) {
        /** As Go's schema.GroupVersionKind prints. */
        @Override
        public String toString() {
            return group + "/" + version + ", Kind=" + kind;
        }
    }

    /** The policy's expression warnings, each {@code {fieldRef, warning}}. */
    ArrayNode warnings(ObjectNode policy) {
        ArrayNode warnings = JSON.arrayNode();
        JsonNode spec = policy.path("spec");
        List<Kind> kinds = kinds(spec.path("matchConstraints").path("resourceRules"));
        if (kinds.isEmpty()) {
            return warnings;
        }
        CelType params = Variables.DYN;
        List<StructType> paramStructs = List.of();
        Optional<Kind> paramKind = spec.path("paramKind").isObject()
                ? catalogue.findKind(spec.path("paramKind").path("apiVersion").asText(""),
                        spec.path("paramKind").path("kind").asText(""))
                        .flatMap(this::kind) : Optional.empty();
        if (paramKind.isPresent()) {
            params = paramKind.get().type().type();
            paramStructs = paramKind.get().type().structs();
        }
        Optional<Kind> namespace = catalogue.findKind("v1", "Namespace").flatMap(this::kind);
        List<Variables> envs = new ArrayList<>();
        for (Kind k : kinds) {
            Map<String, StructType> structs = new LinkedHashMap<>();
            List<StructType> all = new ArrayList<>(k.type().structs());
            all.addAll(paramStructs);
            namespace.ifPresent(n -> all.addAll(n.type().structs()));
            all.addAll(List.of(GROUP_VERSION_KIND, GROUP_VERSION_RESOURCE, USER_INFO, REQUEST));
            all.forEach(t -> structs.putIfAbsent(t.name(), t)); // a Namespace policy: one of each
            Variables v = CompiledPolicy.VARIABLES.with("object", k.type().type())
                    .with("oldObject", k.type().type()).with("params", params)
                    .with("request", REQUEST)
                    .with("namespaceObject", namespace.map(n -> n.type().type()).orElse(Variables.DYN))
                    .declaring(List.copyOf(structs.values()));
            envs.add(withVariables(v, spec.path("variables")));
        }
        JsonNode validations = spec.path("validations");
        for (int i = 0; i < validations.size(); i++) {
            JsonNode v = validations.get(i);
            String at = "spec.validations[" + i + "]";
            check(warnings, at + ".expression", v.path("expression").asText(""), kinds, envs);
            String message = v.path("messageExpression").asText("");
            if (!message.isEmpty()) {
                check(warnings, at + ".messageExpression", message, kinds, envs);
            }
        }
        return warnings;
    }

    private static void check(ArrayNode warnings, String fieldRef, String expression,
            List<Kind> kinds, List<Variables> envs) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            if (CelExpressions.check(expression, envs.get(i))
                    instanceof CelExpressions.Failure f) {
                found.add(kinds.get(i) + ": " + f.message() + "\n");
            }
        }
        if (!found.isEmpty()) {
            warnings.addObject().put("fieldRef", fieldRef)
                    .put("warning", String.join("\n", found));
        }
    }

    /** {@code variables} as an object type whose fields are the policy's variables. */
    private static Variables withVariables(Variables env, JsonNode variables) {
        Map<String, CelType> fields = new LinkedHashMap<>();
        List<StructType> structs = new ArrayList<>(env.structs());
        Variables current = env;
        for (int i = 0; i < variables.size(); i++) {
            String name = variables.get(i).path("name").asText("");
            CelExpressions.Compiled c = CelExpressions.check(
                    variables.get(i).path("expression").asText(""), current);
            fields.put(name, c instanceof CelExpressions.Program p ? p.resultType()
                    : Variables.DYN);
            Map<String, CelType> copy = Map.copyOf(fields);
            StructType type = StructType.create("kubernetes.variables" + i,
                    ImmutableSet.copyOf(fields.keySet()), f -> Optional.ofNullable(copy.get(f)));
            List<StructType> with = new ArrayList<>(structs);
            with.add(type);
            current = current.with("variables", type).declaring(with);
        }
        return current;
    }

    private List<Kind> kinds(JsonNode rules) {
        TreeSet<String> seen = new TreeSet<>();
        List<Kind> kinds = new ArrayList<>();
        for (JsonNode rule : rules) {
            List<String> groups = names(rule.path("apiGroups"), false);
            List<String> versions = names(rule.path("apiVersions"), false);
            List<String> resources = names(rule.path("resources"), true);
            for (String g : groups) {
                for (String v : versions) {
                    for (String r : resources) {
                        Optional<ResourceType> type = catalogue.find(g, v, r);
                        if (type.isEmpty() || !seen.add(g + "/" + v + "/" + r)) {
                            continue;
                        }
                        kind(type.get()).ifPresent(kinds::add);
                        if (seen.size() >= MAX_TYPES) {
                            return sorted(kinds);
                        }
                    }
                }
            }
        }
        return sorted(kinds);
    }

    private static List<Kind> sorted(List<Kind> kinds) {
        List<Kind> s = new ArrayList<>(kinds);
        s.sort((a, b) -> (a.group() + "\0" + a.version() + "\0" + a.kind())
                .compareTo(b.group() + "\0" + b.version() + "\0" + b.kind()));
        return s;
    }

    /** The names of a rule's list; none if one is a wildcard (resources: skipped instead). */
    private static List<String> names(JsonNode list, boolean resources) {
        List<String> names = new ArrayList<>();
        for (JsonNode n : list) {
            String s = n.asText("");
            if (resources ? s.contains("*") || s.contains("/") : s.contains("*")) {
                if (!resources) {
                    return List.of();
                }
                continue;
            }
            names.add(s);
        }
        return names;
    }

    /** The kind of a resource with its schema: the OpenAPI one, or its definition's. */
    private Optional<Kind> kind(ResourceType type) {
        Optional<JsonNode> schema = catalogue.isAdded(type) ? customSchema(type)
                : builtIn.schema(type);
        return schema.flatMap(s -> ObjectCelType.of(s, type.kind()))
                .map(t -> new Kind(type.group(), type.version(), type.kind(), t));
    }

    /**
     * A custom resource's version schema, with the metadata every object has (as the OpenAPI
     * document publishes it).
     */
    private Optional<JsonNode> customSchema(ResourceType type) {
        for (ObjectNode crd : objects.cached("apiextensions.k8s.io",
                "customresourcedefinitions", null)) {
            JsonNode spec = crd.path("spec");
            if (!spec.path("group").asText("").equals(type.group())
                    || !spec.path("names").path("plural").asText("").equals(type.plural())) {
                continue;
            }
            for (JsonNode v : spec.path("versions")) {
                JsonNode schema = v.path("schema").path("openAPIV3Schema");
                if (v.path("name").asText("").equals(type.version()) && schema.isObject()) {
                    ObjectNode copy = schema.deepCopy();
                    ObjectNode props = copy.path("properties").isObject()
                            ? (ObjectNode) copy.get("properties") : copy.putObject("properties");
                    props.putObject("apiVersion").put("type", "string");
                    props.putObject("kind").put("type", "string");
                    builtIn.objectMeta().ifPresent(m -> props.set("metadata", m));
                    return Optional.of(copy);
                }
            }
        }
        return Optional.empty();
    }
}
