package io.j8s.apiserver.endpoints;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.catalogue.ResourceCatalogue;
import io.j8s.api.catalogue.ResourceType;
import io.j8s.api.catalogue.Subresource;
import io.j8s.api.codec.Json;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Aggregated discovery: {@code /api} and {@code /apis} answered with one APIGroupDiscoveryList
 * ({@code apidiscovery.k8s.io} v2 or v2beta1) that holds every group, version and resource, so a
 * client learns the whole API in two requests instead of one per group version.
 *
 * <p>The lists are built from the same catalogue entries, verbs and subresource descriptions as
 * the legacy documents of {@link Discovery}. Each encoded answer and its ETag are made once per
 * {@link ResourceCatalogue#generation() generation} of the catalogue (a CustomResourceDefinition
 * changes it, and with it the ETag, so clients' discovery caches see new kinds); a client that sends the ETag back in
 * {@code If-None-Match} gets 304, as upstream answers.
 */
final class AggregatedDiscovery {
    private final ResourceCatalogue catalogue;
    private final Map<Key, Encoded> encoded = new ConcurrentHashMap<>();
    volatile DiscoverySource extra = DiscoverySource.NONE;

    AggregatedDiscovery(ResourceCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    /** One document as served: {@code core} for /api, its media type. */
    private record Key(boolean core, DiscoveryMediaType media, long generation) {}

    private record Encoded(byte[] bytes, String etag) {}

    /** The answer to GET /api ({@code core}) or /apis in {@code media}. */
    Reply.Body serve(boolean core, DiscoveryMediaType media, String ifNoneMatch) {
        // Both the catalogue (custom resources) and the aggregated APIs change what is listed.
        long generation = catalogue.generation() * 1_000_003L + extra.generation();
        encoded.keySet().removeIf(k -> k.generation() != generation);
        Encoded e = encoded.computeIfAbsent(new Key(core, media, generation), k -> encode(
                list(k.core(), k.media().aggregatedVersion()), k.media().yaml()));
        Map<String, String> headers = Map.of("ETag", e.etag(), "Vary", "Accept");
        if (matches(ifNoneMatch, e.etag())) {
            return new Reply.Body(304, null, new byte[0], "public", List.of(), headers);
        }
        return new Reply.Body(200, media.contentType(), e.bytes(), "public", List.of(),
                headers);
    }

    /** The APIGroupDiscoveryList of the core group ({@code core}) or of every named group. */
    ObjectNode list(boolean core, String version) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("kind", DiscoveryMediaType.KIND);
        n.put("apiVersion", DiscoveryMediaType.GROUP + "/" + version);
        n.putObject("metadata");
        ArrayNode items = n.putArray("items");
        catalogue.groupVersions().forEach((group, versions) -> {
            if (group.isEmpty() != core) {
                return;
            }
            ObjectNode item = items.addObject();
            ObjectNode metadata = item.putObject("metadata");
            if (!group.isEmpty()) {
                metadata.put("name", group);
            }
            metadata.putNull("creationTimestamp");
            ArrayNode vs = item.putArray("versions");
            for (String v : versions) { // preferred first, as the catalogue lists them
                ObjectNode gv = vs.addObject();
                gv.put("version", v);
                ArrayNode resources = gv.putArray("resources");
                for (ResourceType t : Discovery.served(catalogue, group, v)) {
                    resources.add(resource(t));
                }
                gv.put("freshness", "Current");
            }
        });
        if (!core) {
            extra.discoveryGroups().forEach(items::add);
        }
        return n;
    }

    private static ObjectNode resource(ResourceType t) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("resource", t.plural());
        // Upstream leaves group and version empty when the kind is the resource's own.
        kind(r.putObject("responseKind"), "", "", t.kind());
        r.put("scope", t.namespaced() ? "Namespaced" : "Cluster");
        r.put("singularResource", t.singular());
        t.verbs().forEach(r.putArray("verbs")::add);
        if (!t.shortNames().isEmpty()) {
            t.shortNames().forEach(r.putArray("shortNames")::add);
        }
        if (!t.categories().isEmpty()) {
            t.categories().forEach(r.putArray("categories")::add);
        }
        if (!t.subresources().isEmpty()) {
            ArrayNode subs = r.putArray("subresources");
            for (Subresource sub : t.describedSubresources()) {
                ObjectNode s = subs.addObject();
                s.put("subresource", sub.name());
                boolean crosses = sub.crossesGroupVersion(t);
                kind(s.putObject("responseKind"), crosses ? sub.group() : "",
                        crosses ? sub.version() : "", sub.kind());
                sub.verbs().forEach(s.putArray("verbs")::add);
            }
        }
        return r;
    }

    private static void kind(ObjectNode n, String group, String version, String kind) {
        n.put("group", group).put("version", version).put("kind", kind);
    }

    private static Encoded encode(ObjectNode document, boolean yaml) {
        byte[] bytes = ApiHandler.body(200, document, yaml).bytes();
        try {
            byte[] hash = MessageDigest.getInstance("SHA-512").digest(bytes);
            return new Encoded(bytes, "\"" + HexFormat.of().withUpperCase().formatHex(hash) + "\"");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-512", e);
        }
    }

    /** True when {@code ifNoneMatch} (one ETag, a list of them, or *) names {@code etag}. */
    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals(etag) || t.equals("*")) {
                return true;
            }
        }
        return false;
    }
}
