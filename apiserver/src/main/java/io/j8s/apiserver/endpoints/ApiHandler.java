package io.j8s.apiserver.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import io.j8s.api.catalogue.ResourceType;
import io.j8s.api.codec.Json;
import io.j8s.api.codec.Protobuf;
import io.j8s.api.errors.StatusException;
import io.j8s.api.selectors.FieldSelector;
import io.j8s.api.selectors.LabelSelector;
import io.j8s.api.validation.Causes;
import io.j8s.api.validation.FieldPath;
import io.j8s.apiserver.fields.Scope;
import io.j8s.apiserver.fields.ServerSideApply;
import io.j8s.apiserver.registry.DeleteOptions;
import io.j8s.apiserver.registry.ListOptions;
import io.j8s.apiserver.registry.ListResult;
import io.j8s.apiserver.registry.PodBinding;
import io.j8s.apiserver.registry.PodEviction;
import io.j8s.apiserver.registry.Registries;
import io.j8s.apiserver.registry.Registry;
import io.j8s.apiserver.openapi.OpenApiDocuments;
import io.j8s.apiserver.openapi.MergeSchema;
import io.j8s.apiserver.patch.JsonPatch;
import io.j8s.apiserver.patch.MergePatch;
import io.j8s.apiserver.patch.StrategicMergePatch;
import io.j8s.apiserver.registry.WriteOptions;
import io.j8s.apiserver.serviceaccount.IssuerDiscovery;
import io.j8s.apiserver.serviceaccount.ServiceAccountEndpoints;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.j8s.apiserver.table.TableConverter;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import java.util.function.UnaryOperator;

/**
 * Runs one API request: finds what the URL names, runs the verb against its registry and shapes
 * the answer (JSON or YAML). Every failure is a {@link StatusException}, never anything else.
 */
public final class ApiHandler {
    public static final String JSON = "application/json";
    static final String YAML = "application/yaml";
    public static final String APPLY = "application/apply-patch+yaml";

    private final Registries registries;
    private final Reviews reviews;
    private final Discovery discovery;
    private final AggregatedDiscovery aggregated;
    private final OpenApiDocuments openApi;
    private final String serverAddress;
    private final Tables tables;
    private final Clock clock;
    private final Healthz health;
    private final ServiceAccountEndpoints serviceAccounts;

    ApiHandler(Registries registries, String serverAddress, Clock clock) {
        this(registries, serverAddress, clock, new Reviews(null, null));
    }

    /** A handler over {@code registries}, answering reviews with {@code reviews}. */
    public ApiHandler(Registries registries, String serverAddress, Clock clock,
            Reviews reviews) {
        this(registries, serverAddress, clock, reviews, null);
    }

    /**
     * A handler that also serves TokenRequest and the service account issuer discovery with
     * {@code serviceAccounts} (null: TokenRequest answers 405, discovery 404).
     */
    public ApiHandler(Registries registries, String serverAddress, Clock clock,
            Reviews reviews, ServiceAccountEndpoints serviceAccounts) {
        this.serviceAccounts = serviceAccounts;
        this.reviews = reviews;
        this.registries = registries;
        this.discovery = new Discovery(registries.catalogue());
        this.aggregated = new AggregatedDiscovery(registries.catalogue());
        this.openApi = new OpenApiDocuments(registries.catalogue(), t -> registries
                .find(t.group(), t.version(), t.plural())
                .map(r -> r.strategy().openApiSchema()).orElse(null));
        this.serverAddress = serverAddress;
        this.tables = new Tables(new TableConverter(clock));
        this.clock = clock;
        this.health = new Healthz(registries);
    }

    /** Groups served elsewhere (aggregated API servers) that discovery lists too. */
    public void extraDiscovery(DiscoverySource source) {
        discovery.extra = source;
        aggregated.extra = source;
    }

    /** Answers {@code request}: a body, or a watch for the transport to stream. */
    public Reply handle(ApiRequest request) {
        String path = request.path();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String[] s = path.equals("/") ? new String[0] : path.substring(1).split("/", -1);
        for (String segment : s) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw notFound(request);
            }
        }
        boolean yaml = prefersYaml(request.accept());
        if (s.length == 1 && (s[0].equals("api") || s[0].equals("apis"))) {
            return discoveryRoot(request, s[0].equals("api"));
        }
        if (s.length > 0 && (s[0].equals("api") || s[0].equals("apis"))) {
            checkAcceptable(request.accept()); // OpenAPI negotiates its own media types
        }
        if (s.length == 0) {
            return body(200, rootPaths(), yaml);
        }
        switch (s[0]) {
            case "healthz", "livez", "readyz" -> {
                return health.serve(s, request);
            }
            case "version" -> {
                return body(200, Discovery.version(), false);
            }
            case ".well-known", "openid" -> {
                return issuerDiscovery(request, path);
            }
            case "openapi" -> {
                OpenApiDocuments.Served doc = openApi.serve(path, request.param("hash"),
                        request.accept()).orElseThrow(() -> notFound(request));
                if (!request.method().equals("GET")) {
                    throw methodNotAllowed(request.method());
                }
                return new Reply.Body(200, doc.contentType(), doc.body(), doc.cacheControl());
            }
            case "api" -> {
                if (!s[1].equals("v1")) {
                    throw notFound(request);
                }
                if (s.length == 2) {
                    return get(request, discovery.resources("", "v1"), yaml);
                }
                return resource(request, yaml);
            }
            case "apis" -> {
                if (s.length == 2) {
                    return get(request, discovery.group(s[1]), yaml);
                }
                if (s.length == 3) {
                    return get(request, discovery.resources(s[1], s[2]), yaml);
                }
                return resource(request, yaml);
            }
            default -> throw notFound(request);
        }
    }

    /**
     * GET /api or /apis: the aggregated APIGroupDiscoveryList when the client asks for it, the
     * legacy APIVersions or APIGroupList otherwise.
     */
    private Reply discoveryRoot(ApiRequest request, boolean core) {
        DiscoveryMediaType media = DiscoveryMediaType.negotiate(request.accept());
        if (!media.aggregated()) {
            return get(request, core ? discovery.coreVersions(serverAddress) : discovery.groups(),
                    media.yaml());
        }
        if (!request.method().equals("GET")) {
            throw StatusException.methodNotAllowed("the server does not allow this method on the"
                    + " requested resource");
        }
        return aggregated.serve(core, media, request.ifNoneMatch());
    }

    private Reply get(ApiRequest request, ObjectNode document, boolean yaml) {
        if (document == null) {
            throw notFound(request);
        }
        if (!request.method().equals("GET")) {
            throw StatusException.methodNotAllowed("the server does not allow this method on the"
                    + " requested resource");
        }
        return body(200, document, yaml);
    }

    /** {@code /.well-known/openid-configuration} and {@code /openid/v1/jwks}, as upstream serves them. */
    private Reply issuerDiscovery(ApiRequest request, String path) {
        byte[] doc;
        String type;
        if (serviceAccounts == null) {
            throw notFound(request);
        } else if (path.equals(IssuerDiscovery.CONFIGURATION_PATH)) {
            doc = serviceAccounts.discovery().configuration();
            type = JSON;
        } else if (path.equals(IssuerDiscovery.JWKS_PATH)) {
            doc = serviceAccounts.discovery().jwks();
            type = "application/jwk-set+json";
        } else {
            throw notFound(request);
        }
        if (!request.method().equals("GET")) {
            throw methodNotAllowed(request.method());
        }
        return new Reply.Body(200, type, doc, "public, max-age=3600");
    }

    private Reply resource(ApiRequest request, boolean yaml) {
        RequestInfo p = request.info();
        if (p.parts().isEmpty() || p.parts().size() > 3 || p.verb().equals("proxy")) {
            throw notFound(request);
        }
        String group = p.apiGroup();
        String version = p.apiVersion();
        String plural = p.resource();
        String name = p.pathName();
        String subresource = p.subresource();
        String namespace = p.namespacePrefix() ? p.namespace() : "";
        boolean watch = p.verb().equals("watch");
        Optional<ResourceType> review = registries.catalogue().find(group, version, plural)
                .filter(t -> !t.stored());
        if (review.isPresent()) {
            if (watch || !name.isEmpty() || review.get().namespaced() == namespace.isEmpty()) {
                throw notFound(request);
            }
            return createOnly(request, review.get(), namespace, yaml);
        }
        Registry registry = registries.find(group, version, plural)
                .orElseThrow(() -> notFound(request));
        ResourceType type = registry.type();
        if (!type.namespaced() && !namespace.isEmpty()) {
            throw notFound(request);
        }
        if (!subresource.isEmpty() && !type.subresources().contains(subresource)) {
            throw notFound(request);
        }
        String ns = type.namespaced() ? namespace : null;
        if (type.namespaced() && ns.isEmpty() && !name.isEmpty()) {
            throw notFound(request);
        }
        String method = request.method();
        if (watch) {
            if (!method.equals("GET") || !name.isEmpty() && !subresource.isEmpty()) {
                throw StatusException.methodNotAllowed("watch is only allowed with GET");
            }
            ListOptions options = listOptions(request);
            if (!name.isEmpty()) {
                options = new ListOptions(options.labelSelector(),
                        FieldSelector.parse("metadata.name=" + name),
                        options.resourceVersion(), options.resourceVersionMatch(), 0, "",
                        options.allowBookmarks(), options.timeoutSeconds());
            }
            return new Reply.Watch(registry, ns, options, yaml,
                    wantsTable(request.accept()) ? tables.forWatch(registry,
                            request.param("includeObject")) : null);
        }
        if (subresource.equals("scale") && !name.isEmpty()) {
            WriteOptions write = writeOptions(request);
            return switch (method) {
                case "GET" -> body(200, ScaleSubresource.get(registry, ns, name), yaml);
                case "PUT" -> {
                    ObjectNode scale = FieldValidation.decoded(decodeBody(request), "Scale",
                            "autoscaling/v1", Scale.class);
                    yield body(200, ScaleSubresource.update(registry, ns, name,
                            current -> scale, write), yaml);
                }
                case "PATCH" -> body(200, ScaleSubresource.update(registry, ns, name,
                        FieldValidation.decoded(patcher(request, registry, "scale"), Scale.class),
                        write), yaml);
                default -> throw methodNotAllowed(method);
            };
        }
        if (subresource.equals("binding") && !name.isEmpty()
                && type.kind().equals("Pod")) {
            if (!method.equals("POST")) {
                throw methodNotAllowed(method);
            }
            ObjectNode binding = FieldValidation.decoded(decodeBody(request), "Binding", "v1",
                    Binding.class);
            return body(201, PodBinding.bind(registry, ns, name, binding,
                    writeOptions(request)), yaml);
        }
        if (subresource.equals("eviction") && !name.isEmpty()
                && type.kind().equals("Pod")) {
            if (!method.equals("POST")) {
                throw methodNotAllowed(method);
            }
            ObjectNode eviction = decodeBody(request);
            checkKind(eviction, "Eviction", "policy/v1", "policy/v1beta1");
            FieldValidation.decoded(eviction, "Eviction",
                    eviction.path("apiVersion").asText("policy/v1"), Eviction.class);
            Registry budgets = registries.find("policy", "v1", "poddisruptionbudgets")
                    .orElseThrow();
            return body(201, PodEviction.evict(registry, budgets, ns, name, eviction,
                    writeOptions(request)), yaml);
        }
        if (subresource.equals("token") && !name.isEmpty() && type.kind().equals("ServiceAccount")
                && serviceAccounts != null) {
            if (!method.equals("POST")) {
                throw methodNotAllowed(method);
            }
            ObjectNode tokenRequest = decodeBody(request);
            checkKind(tokenRequest, "TokenRequest", "authentication.k8s.io/v1");
            FieldValidation.decoded(tokenRequest, "TokenRequest", "authentication.k8s.io/v1",
                    TokenRequest.class);
            return body(201, serviceAccounts.tokenRequests().create(ns, name, tokenRequest), yaml);
        }
        if (subresource.equals("finalize") && !name.isEmpty() && !method.equals("PUT")) {
            throw methodNotAllowed(method); // namespaces/NAME/finalize is update only
        }
        if (!subresource.isEmpty() && !subresource.equals("status")
                && !subresource.equals("finalize")
                && !subresource.equals("ephemeralcontainers")
                && !subresource.equals("approval")) {
            throw StatusException.methodNotAllowed("the " + subresource + " subresource is"
                    + " not served yet");
        }
        WriteOptions write = writeOptions(request);
        if (method.equals("PATCH") && mediaType(request.contentType()).equals(APPLY)) {
            write = new WriteOptions(write.dryRun(), request.param("fieldManager"), true,
                    request.user());
        }
        FieldValidation validation = new FieldValidation(request.param("fieldValidation"), type,
                registry.strategy());
        if (name.isEmpty()) {
            return validation.attach(switch (method) {
                case "GET" -> list(request, registry, ns, yaml);
                case "POST" -> body(201, registry.create(emptyToNull(ns, type),
                        validation.body(request, decodeBody(request)), write), yaml);
                case "DELETE" -> deleteCollection(request, registry, ns, write, yaml);
                default -> throw methodNotAllowed(method);
            });
        }
        return validation.attach(switch (method) {
            case "GET" -> wantsTable(request.accept())
                    ? body(200, tables.one(registry, registry.get(ns, name),
                            request.param("includeObject")), false)
                    : body(200, registry.get(ns, name), yaml);
            case "PUT" -> body(200, registry.update(ns, name,
                    validation.body(request, decodeBody(request)),
                    subresource, write), yaml);
            case "PATCH" -> body(200, registry.patch(ns, name,
                    validation.patch(request, patcher(request, registry, subresource)),
                    subresource, write), yaml);
            case "DELETE" -> {
                if (!subresource.isEmpty()) {
                    throw methodNotAllowed(method);
                }
                DeleteOptions delete = deleteOptions(request);
                ObjectNode result = registries.delete(registry, ns, name, delete.request(),
                        deleteWrite(delete, write));
                yield body(200, result, yaml);
            }
            default -> throw methodNotAllowed(method);
        });
    }

    /**
     * A create-only resource that keeps nothing of its own: a review, answered at once with its
     * status, or a binding, which binds a pod.
     */
    private Reply createOnly(ApiRequest request, ResourceType type, String namespace,
            boolean yaml) {
        if (!request.method().equals("POST")) {
            throw methodNotAllowed(request.method());
        }
        if (type.kind().equals("Binding")) {
            return topLevelBinding(request, namespace, yaml);
        }
        ObjectNode body = decodeBody(request);
        checkKind(body, type.kind(), type.apiVersion());
        FieldValidation.decoded(body, type.kind(), type.apiVersion(), type.type());
        return body(201, reviews.create(type, namespace, body, request.user()), yaml);
    }

    /**
     * {@code POST /api/v1/namespaces/NS/bindings}: the older way to bind a pod, naming it in the
     * Binding's metadata; the same as {@code pods/NAME/binding}.
     */
    private Reply topLevelBinding(ApiRequest request, String namespace, boolean yaml) {
        ObjectNode binding = decodeBody(request);
        checkKind(binding, "Binding", "v1");
        FieldValidation.decoded(binding, "Binding", "v1", Binding.class);
        String name = binding.path("metadata").path("name").asText("");
        if (name.isEmpty()) {
            throw StatusException.invalid("Binding", new StatusException.Resource("", "bindings"),
                    "", List.of(Causes.required(FieldPath.of("metadata", "name"),
                            "name or generateName is required")));
        }
        Registry pods = registries.find("", "v1", "pods").orElseThrow();
        return body(201, PodBinding.bind(pods, namespace, name, binding, writeOptions(request)),
                yaml);
    }

    /** A body of a fixed kind: its apiVersion and kind, each when given, must be those. */
    private static void checkKind(ObjectNode body, String kind, String... apiVersions) {
        String apiVersion = body.path("apiVersion").asText("");
        String k = body.path("kind").asText("");
        if (!k.isEmpty() && !k.equals(kind)
                || !apiVersion.isEmpty() && !List.of(apiVersions).contains(apiVersion)) {
            throw StatusException.badRequest("the API version in the data (" + apiVersion
                    + ") and kind (" + k + ") do not match the expected " + apiVersions[0]
                    + ", Kind=" + kind);
        }
    }

    private static String emptyToNull(String ns, ResourceType type) {
        return type.namespaced() ? ns : null;
    }

    private Reply list(ApiRequest request, Registry registry, String ns, boolean yaml) {
        ListResult page = registry.list(ns, listOptions(request));
        if (wantsTable(request.accept())) {
            return body(200, tables.list(registry, page, request.param("includeObject")),
                    false);
        }
        ObjectNode list = Json.MAPPER.createObjectNode();
        list.put("kind", registry.type().listKind());
        list.put("apiVersion", registry.type().apiVersion());
        ObjectNode meta = list.putObject("metadata");
        meta.put("resourceVersion", page.resourceVersion());
        if (!page.continueToken().isEmpty()) {
            meta.put("continue", page.continueToken());
        }
        if (page.remainingItemCount() != null) {
            meta.put("remainingItemCount", page.remainingItemCount());
        }
        ArrayNode items = list.putArray("items");
        if (yaml || page.encoded() == null) {
            page.items().forEach(items::add);
            return body(200, list, yaml);
        }
        return new Reply.Body(200, JSON, spliceItems(Json.bytes(list), page.encoded()));
    }

    /**
     * A list's JSON from its head, which ends with an empty {@code "items":[]}, and the items'
     * JSON as the watch cache keeps it: the same bytes as serializing the whole list.
     */
    static byte[] spliceItems(byte[] head, List<byte[]> items) {
        int size = head.length + Math.max(0, items.size() - 1);
        for (byte[] item : items) {
            size += item.length;
        }
        byte[] out = new byte[size];
        int n = head.length - 2; // up to and including the '[' of "items":[]}
        System.arraycopy(head, 0, out, 0, n);
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out[n++] = ',';
            }
            System.arraycopy(items.get(i), 0, out, n, items.get(i).length);
            n += items.get(i).length;
        }
        out[n++] = ']';
        out[n] = '}';
        return out;
    }

    private Reply deleteCollection(ApiRequest request, Registry registry, String ns,
            WriteOptions write, boolean yaml) {
        DeleteOptions delete = deleteOptions(request);
        ListResult all = registry.list(ns, listOptions(request));
        ObjectNode list = Json.MAPPER.createObjectNode();
        list.put("kind", registry.type().listKind());
        list.put("apiVersion", registry.type().apiVersion());
        list.putObject("metadata").put("resourceVersion", all.resourceVersion());
        ArrayNode items = list.putArray("items");
        for (ObjectNode o : all.items()) {
            String name = o.path("metadata").path("name").asText();
            String objectNs = o.path("metadata").path("namespace").asText(null);
            try {
                items.add(registries.delete(registry, objectNs, name, delete.request(),
                        deleteWrite(delete, write)));
            } catch (StatusException e) {
                if (!"NotFound".equals(e.reason())) {
                    throw e;
                }
            }
        }
        return body(200, list, yaml);
    }

    private ListOptions listOptions(ApiRequest r) {
        int limit = 0;
        if (!r.param("limit").isEmpty()) {
            try {
                limit = Math.max(0, Integer.parseInt(r.param("limit")));
            } catch (NumberFormatException e) {
                throw StatusException.badRequest("limit must be a non-negative integer, not \""
                        + r.param("limit") + "\"");
            }
        }
        long timeout = 0;
        if (!r.param("timeoutSeconds").isEmpty()) {
            try {
                timeout = Math.max(0, Long.parseLong(r.param("timeoutSeconds")));
            } catch (NumberFormatException e) {
                throw StatusException.badRequest("timeoutSeconds must be an integer");
            }
        }
        String match = r.param("resourceVersionMatch");
        if (!match.isEmpty() && !match.equals("Exact") && !match.equals("NotOlderThan")) {
            throw StatusException.badRequest("resourceVersionMatch: Unsupported value: \"" + match
                    + "\": supported values: \"Exact\", \"NotOlderThan\"");
        }
        if (!match.isEmpty() && r.param("resourceVersion").isEmpty()) {
            throw StatusException.badRequest("resourceVersionMatch is forbidden unless"
                    + " resourceVersion is provided");
        }
        return new ListOptions(LabelSelector.parse(r.param("labelSelector")),
                FieldSelector.parse(r.param("fieldSelector")), r.param("resourceVersion"), match,
                limit, r.param("continue"), r.flag("allowWatchBookmarks"), timeout);
    }

    private static WriteOptions writeOptions(ApiRequest r) {
        // a delete's dryRun is one of its DeleteOptions, read with the others
        String dryRun = r.method().equals("DELETE") ? "" : r.param("dryRun");
        if (!dryRun.isEmpty() && !dryRun.equals("All")) {
            throw StatusException.badRequest("dryRun: Unsupported value: \"" + dryRun
                    + "\": supported values: \"All\"");
        }
        String validation = r.param("fieldValidation");
        if (!validation.isEmpty() && !List.of("Ignore", "Warn", "Strict").contains(validation)) {
            throw StatusException.badRequest("fieldValidation: Unsupported value: \"" + validation
                    + "\": supported values: \"Ignore\", \"Warn\", \"Strict\"");
        }
        String manager = r.param("fieldManager");
        checkFieldManager(r.method(), manager);
        return new WriteOptions(!dryRun.isEmpty(),
                manager.isEmpty() ? managerFromUserAgent(r.userAgent()) : manager, false,
                r.user());
    }

    /** Upstream's ValidateFieldManager: at most 128 bytes, printable characters only. */
    private static void checkFieldManager(String method, String manager) {
        List<io.fabric8.kubernetes.api.model.StatusCause> causes = new java.util.ArrayList<>();
        if (manager.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 128) {
            causes.add(StatusException.cause("FieldValueTooLong", "fieldManager",
                    "Too long: may not be more than 128 bytes"));
        }
        for (int i = 0; i < manager.length(); i++) {
            char c = manager.charAt(i);
            if (Character.isISOControl(c)) {
                causes.add(StatusException.cause("FieldValueInvalid", "fieldManager",
                        String.format("Invalid value: \"%s\": invalid character U+%04X (at"
                                + " position %d)", manager, (int) c, i)));
            }
        }
        if (!causes.isEmpty()) {
            String kind = switch (method) {
                case "POST" -> "CreateOptions";
                case "PUT" -> "UpdateOptions";
                default -> "PatchOptions";
            };
            throw StatusException.invalid(kind + ".meta.k8s.io",
                    new StatusException.Resource("meta.k8s.io", kind), "", causes);
        }
    }

    /** Upstream's default manager: the user agent up to its first '/', printable, 128 at most. */
    static String managerFromUserAgent(String userAgent) {
        if (userAgent == null) {
            return "";
        }
        String prefix = userAgent.split("/", -1)[0];
        StringBuilder b = new StringBuilder();
        prefix.codePoints().filter(c -> !Character.isISOControl(c)
                && Character.isDefined(c)).forEach(c -> {
                    if (b.length() + Character.charCount(c) <= 128) {
                        b.appendCodePoint(c);
                    }
                });
        return b.toString();
    }

    /** A delete's options: from its body when it has one, else from its query, as upstream. */
    private static DeleteOptions deleteOptions(ApiRequest r) {
        return (r.body() != null && r.body().length > 0 ? DeleteOptions.decode(decodeBody(r))
                : DeleteOptions.fromQuery(r.query())).validated();
    }

    private static WriteOptions deleteWrite(DeleteOptions options, WriteOptions write) {
        return new WriteOptions(options.isDryRun(), write.fieldManager(), false);
    }

    private UnaryOperator<ObjectNode> patcher(ApiRequest r, Registry registry,
            String subresource) {
        ResourceType resource = registry.type();
        String type = mediaType(r.contentType());
        if (type.equals("application/strategic-merge-patch+json")
                && !registry.strategy().strategicMergePatch()) {
            throw StatusException.unsupportedMediaType("the body of the request was in an unknown"
                    + " format - accepted media types include: application/json-patch+json,"
                    + " application/merge-patch+json, application/apply-patch+yaml");
        }
        if (type.equals(APPLY)) {
            if (r.body() == null || r.body().length == 0) {
                throw StatusException.badRequest("the patch is empty");
            }
            return ServerSideApply.patch(Json.parseObject(r.body(), true), r.param("fieldManager"),
                    r.flag("force"), resource.apiVersion(), subresource,
                    Scope.of(subresource, resource.subresources().contains("status")), clock);
        }
        JsonNode patch;
        try {
            patch = Json.MAPPER.readTree(r.body() == null ? new byte[0] : r.body());
        } catch (java.io.IOException e) {
            throw StatusException.badRequest("the patch is not valid JSON: " + e.getMessage());
        }
        if (patch == null || patch.isMissingNode()) {
            throw StatusException.badRequest("the patch is empty");
        }
        JsonNode finalPatch = patch;
        return switch (type) {
            case "application/json-patch+json" -> o -> asObject(JsonPatch.apply(o, finalPatch));
            case "application/merge-patch+json" -> o -> asObject(MergePatch.apply(o, finalPatch));
            case "application/strategic-merge-patch+json" -> {
                MergeSchema schema = subresource.equals("scale") ? MergeSchema.NONE
                        : MergeSchema.of(resource);
                yield o -> asObject(StrategicMergePatch.apply(o, finalPatch, schema));
            }
            default -> throw StatusException.unsupportedMediaType("the body of the request was in"
                    + " an unknown format - accepted media types include:"
                    + " application/json-patch+json, application/merge-patch+json,"
                    + " application/apply-patch+yaml, application/strategic-merge-patch+json");
        };
    }

    private static ObjectNode asObject(JsonNode n) {
        if (n instanceof ObjectNode o) {
            return o;
        }
        throw StatusException.unprocessable("the patched object is not a JSON object");
    }

    private static ObjectNode decodeBody(ApiRequest r) {
        String type = mediaType(r.contentType());
        if (type.equals(Protobuf.MEDIA_TYPE)) {
            if (r.body() == null || r.body().length == 0) {
                throw StatusException.badRequest("the request needs a body");
            }
            return Protobuf.decode(r.body());
        }
        boolean yaml = type.equals("application/yaml") || type.equals("application/x-yaml");
        if (!yaml && !type.equals("application/json") && !type.isEmpty()) {
            throw StatusException.unsupportedMediaType("the body of the request was in an unknown"
                    + " format - accepted media types include: application/json, application/yaml,"
                    + " application/vnd.kubernetes.protobuf");
        }
        if (r.body() == null || r.body().length == 0) {
            throw StatusException.badRequest("the request needs a body");
        }
        return Json.parseObject(r.body(), yaml);
    }

    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim()
                .toLowerCase(Locale.ROOT);
    }

    /** 406 when the client accepts nothing we can write: JSON, YAML, or a Table in JSON. */
    static void checkAcceptable(String accept) {
        if (accept == null || accept.isBlank()) {
            return;
        }
        for (String part : accept.split(",")) {
            String type = mediaType(part);
            if (type.equals("application/json") || type.equals("application/yaml")
                    || type.equals("*/*") || type.equals("application/*")) {
                return;
            }
        }
        throw StatusException.notAcceptable("only the following media types are accepted:"
                + " application/json, application/yaml");
    }

    /** True when the client asked for a Table (kubectl get) before a plain object. */
    static boolean wantsTable(String accept) {
        if (accept == null) {
            return false;
        }
        for (String part : accept.split(",")) {
            String type = mediaType(part);
            boolean table = part.contains("as=Table");
            if (table && type.equals("application/json") && !part.contains("v=v1beta1")) {
                return true;
            }
            if (!table && (type.equals("application/json") || type.equals("application/yaml"))) {
                return false;
            }
        }
        return false;
    }

    /** True when the client asked for YAML before JSON. */
    static boolean prefersYaml(String accept) {
        if (accept == null) {
            return false;
        }
        for (String part : accept.split(",")) {
            String type = mediaType(part);
            if (type.equals("application/yaml")) {
                return true;
            }
            if (type.equals("application/json") || type.equals("*/*")) {
                return false;
            }
        }
        return false;
    }

    /** {@code value} as a JSON (or YAML) answer with status {@code code}. */
    public static Reply.Body body(int code, Object value, boolean yaml) {
        try {
            byte[] bytes = yaml ? Json.YAML.writeValueAsBytes(value)
                    : value instanceof io.fabric8.kubernetes.api.model.Status status
                            ? Json.statusBytes(status) : Json.bytes(value);
            // As upstream's ErrorNegotiated: a Status that says when to retry says it in a header.
            if (value instanceof io.fabric8.kubernetes.api.model.Status s && s.getDetails() != null
                    && s.getDetails().getRetryAfterSeconds() != null
                    && s.getDetails().getRetryAfterSeconds() > 0) {
                return new Reply.Body(code, yaml ? YAML : JSON, bytes, "no-cache, private",
                        List.of(), java.util.Map.of("Retry-After",
                                s.getDetails().getRetryAfterSeconds().toString()));
            }
            return new Reply.Body(code, yaml ? YAML : JSON, bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw StatusException.internal("cannot encode the response: " + e.getMessage());
        }
    }

    private static ObjectNode rootPaths() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        ArrayNode paths = n.putArray("paths");
        for (String p : List.of("/api", "/api/v1", "/apis", "/healthz", "/livez",
                "/openapi/v2", "/openapi/v3", "/readyz", "/version")) {
            paths.add(p);
        }
        return n;
    }

    private static StatusException notFound(ApiRequest r) {
        return StatusException.noSuchPath();
    }

    private static StatusException methodNotAllowed(String method) {
        return StatusException.methodNotAllowed("the server does not allow this method on the"
                + " requested resource: " + method);
    }

}
