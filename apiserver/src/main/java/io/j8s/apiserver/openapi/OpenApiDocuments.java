package io.j8s.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.catalogue.ResourceCatalogue;
import io.j8s.api.catalogue.ResourceType;
import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The OpenAPI endpoints: {@code /openapi/v2} (JSON, or gnostic protobuf when asked), the
 * {@code /openapi/v3} index and one v3 document per group version. Every document is built once
 * per {@link ResourceCatalogue#generation() generation} of the catalogue, on first use, and kept
 * as bytes; custom resources' schemas come from their definitions ({@link CustomSchemas}).
 */
public final class OpenApiDocuments {
    static final String V2_PROTOBUF = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
    static final String V2_PROTOBUF_OLD =
            "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
    static final String JSON = "application/json";
    static final String NO_CACHE = "no-cache, private";
    static final String IMMUTABLE = "public, immutable";

    /** One answer: the body and how it may be cached. */
    public record Served(String contentType, byte[] body, String cacheControl) {}

    private record V3(byte[] json, String hash) {}

    private record Built(byte[] v2Json, byte[] v2Protobuf, byte[] v3Index, Map<String, V3> v3,
            long generation) {}

    private final ResourceCatalogue catalogue;
    private final CustomSchemas custom;
    private volatile Built built;

    public OpenApiDocuments(ResourceCatalogue catalogue) {
        this(catalogue, t -> null);
    }

    /** @param custom the schema of each added (custom) resource of the catalogue */
    public OpenApiDocuments(ResourceCatalogue catalogue, CustomSchemas custom) {
        this.catalogue = catalogue;
        this.custom = custom;
        // The definitions also type every write's managed fields and strategic merge patches
        // (MergeSchema): build them now, off the request path.
        Thread.ofVirtual().name("openapi-definitions").start(this::definitions);
    }

    /**
     * The document at {@code path} ({@code /openapi/v2}, {@code /openapi/v3},
     * {@code /openapi/v3/apis/apps/v1}), or empty when there is none.
     *
     * @param hash the {@code hash} query parameter of a v3 document; empty when absent
     * @throws StatusException 406 when {@code accept} rules out every form it is served in
     */
    public Optional<Served> serve(String path, String hash, String accept) {
        if (path.equals("/openapi/v2")) {
            Built b = built();
            String type = v2Type(accept);
            // Upstream answers protobuf as ...spec.v2.v1.0+protobuf: Go's mime parser (which
            // kubectl runs on Content-Type) rejects the '@' of the name clients ask for.
            return Optional.of(type.equals(JSON)
                    ? new Served(JSON, b.v2Json(), NO_CACHE)
                    : new Served(V2_PROTOBUF_OLD, b.v2Protobuf(), NO_CACHE));
        }
        if (path.equals("/openapi/v3")) {
            requireJson(accept);
            return Optional.of(new Served(JSON, built().v3Index(), NO_CACHE));
        }
        if (path.startsWith("/openapi/v3/")) {
            V3 doc = built().v3().get(path.substring("/openapi/v3/".length()));
            if (doc == null) {
                return Optional.empty();
            }
            requireJson(accept);
            return Optional.of(new Served(JSON, doc.json(),
                    hash.equals(doc.hash()) ? IMMUTABLE : NO_CACHE));
        }
        return Optional.empty();
    }

    /**
     * The OpenAPI v3 document of one group-version's built-in kinds, built on its own: for readers
     * inside the server (the admission policies' type checker) that need one kind's schema and
     * not every document.
     */
    public static ObjectNode builtInV3(ResourceCatalogue catalogue, String group, String version) {
        ResourceCatalogue fixed = new ResourceCatalogue(catalogue.fixed());
        Definitions definitions = Definitions.cached(fixed);
        List<PathItem> paths = new ArrayList<>();
        for (ResourceType t : fixed.all()) {
            if (t.group().equals(group) && t.version().equals(version)) {
                paths.addAll(new ResourcePaths(t, definitions).paths());
            }
        }
        return V3Document.build(paths, definitions, Map.of());
    }

    private Definitions definitions() {
        return Definitions.cached(catalogue.all().size() == catalogue.fixed().size() ? catalogue
                : new ResourceCatalogue(catalogue.fixed()));
    }

    private Built built() {
        Built b = built;
        long generation = catalogue.generation();
        if (b == null || b.generation() != generation) {
            synchronized (this) {
                b = built;
                if (b == null || b.generation() != generation) {
                    b = build();
                    built = b;
                }
            }
        }
        return b;
    }

    private Built build() {
        long generation = catalogue.generation();
        Definitions definitions = definitions();
        Map<String, List<PathItem>> byGroupVersion = new LinkedHashMap<>();
        Map<String, Map<String, ObjectNode>> v3Extra = new LinkedHashMap<>();
        Map<String, ObjectNode> v2Extra = new LinkedHashMap<>();
        List<PathItem> all = new ArrayList<>();
        for (ResourceType t : catalogue.all()) {
            List<PathItem> paths;
            if (catalogue.isAdded(t)) {
                String gv = ResourcePaths.root(t.group(), t.version()).substring(1);
                String name = CustomSchemas.definitionName(t);
                paths = new ResourcePaths(t, name, CustomSchemas.listDefinitionName(t),
                        ResourcePaths.CUSTOM_PATCH_TYPES).paths();
                CustomSchemas.Written written = CustomSchemas.write(t, custom.schema(t));
                v3Extra.computeIfAbsent(gv, k -> new LinkedHashMap<>()).putAll(written.v3());
                v2Extra.putAll(written.v2());
            } else {
                paths = new ResourcePaths(t, definitions).paths();
            }
            byGroupVersion.computeIfAbsent(ResourcePaths.root(t.group(), t.version()).substring(1),
                    k -> new ArrayList<>()).addAll(paths);
            all.addAll(paths);
        }
        ObjectNode v2 = V2Document.build(all, definitions, v2Extra);
        Map<String, V3> v3 = new LinkedHashMap<>();
        ObjectNode index = Json.MAPPER.createObjectNode();
        ObjectNode indexPaths = index.putObject("paths");
        byGroupVersion.forEach((gv, paths) -> {
            byte[] json = Json.bytes(V3Document.build(paths, definitions,
                    v3Extra.getOrDefault(gv, Map.of())));
            String hash = sha512(json);
            v3.put(gv, new V3(json, hash));
            indexPaths.putObject(gv).put("serverRelativeURL",
                    "/openapi/v3/" + gv + "?hash=" + hash);
        });
        return new Built(Json.bytes(v2), V2Protobuf.encode(v2), Json.bytes(index), Map.copyOf(v3),
                generation);
    }

    /** The media type to answer a v2 request with, in the client's order of preference. */
    static String v2Type(String accept) {
        if (accept == null || accept.isBlank()) {
            return JSON;
        }
        for (String part : accept.split(",")) {
            String type = mediaType(part);
            if (type.equals(V2_PROTOBUF) || type.equals(V2_PROTOBUF_OLD)) {
                return type;
            }
            if (type.equals(JSON) || type.equals("application/*") || type.equals("*/*")) {
                return JSON;
            }
        }
        throw notAcceptable();
    }

    private static void requireJson(String accept) {
        if (accept == null || accept.isBlank()) {
            return;
        }
        for (String part : accept.split(",")) {
            String type = mediaType(part);
            if (type.equals(JSON) || type.equals("application/*") || type.equals("*/*")) {
                return;
            }
        }
        throw notAcceptable();
    }

    private static String mediaType(String part) {
        int semi = part.indexOf(';');
        return (semi < 0 ? part : part.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    private static StatusException notAcceptable() {
        return StatusException.notAcceptable("only the following media types are accepted: "
                + JSON + ", " + V2_PROTOBUF + " (for /openapi/v2)");
    }

    private static String sha512(byte[] bytes) {
        try {
            return HexFormat.of().withUpperCase().formatHex(
                    MessageDigest.getInstance("SHA-512").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
