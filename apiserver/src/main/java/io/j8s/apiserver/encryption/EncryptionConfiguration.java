package io.j8s.apiserver.encryption;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.catalogue.ResourceCatalogue;
import io.j8s.api.catalogue.ResourceType;
import io.j8s.apiserver.configfile.ConfigFile;
import io.j8s.store.Store;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Upstream's {@code --encryption-provider-config}: for each group of resources
 * ({@code secrets}, {@code deployments.apps}, {@code *.apps}, {@code *.*}), providers in order
 * ({@code aescbc}, {@code aesgcm}, {@code secretbox}, {@code identity}); the first provider's
 * first key writes, every provider and key reads. The first entry that names a resource wins.
 */
public final class EncryptionConfiguration {
    static final String API_VERSION = "apiserver.config.k8s.io/v1";

    /** The providers of the resources whose store keys {@code keys} accepts. */
    record Rule(Predicate<String> keys, List<Transformer> providers) {}

    private final List<Rule> rules;

    EncryptionConfiguration(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Reads {@code path}; a file the server cannot use is refused naming its line. */
    public static EncryptionConfiguration read(Path path) {
        return of(ConfigFile.read(path));
    }

    /** Parses {@code text} as if read from {@code path}. */
    public static EncryptionConfiguration parse(Path path, String text) {
        return of(ConfigFile.parse(path, text));
    }

    private static EncryptionConfiguration of(ConfigFile file) {
        file.expectKind(API_VERSION, "EncryptionConfiguration");
        JsonNode resources = file.root().path("resources");
        if (!resources.isArray() || resources.isEmpty()) {
            throw file.fail("resources", "resources: at least one entry is required");
        }
        List<Rule> rules = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode entry : resources) {
            JsonNode names = entry.path("resources");
            if (!names.isArray() || names.isEmpty()) {
                throw file.fail("resources", "resources[].resources: at least one resource is"
                        + " required");
            }
            List<Predicate<String>> keys = new ArrayList<>();
            for (JsonNode n : names) {
                String name = n.asText("");
                if (!seen.add(name)) {
                    throw file.fail(name, "resource \"" + name + "\" is named twice");
                }
                keys.add(keys(file, name));
            }
            rules.add(new Rule(k -> keys.stream().anyMatch(p -> p.test(k)),
                    providers(file, entry.path("providers"))));
        }
        return new EncryptionConfiguration(rules);
    }

    /** The store keys of the resources {@code name} selects. */
    private static Predicate<String> keys(ConfigFile file, String name) {
        if (name.equals("*.*")) {
            return k -> true;
        }
        int dot = name.indexOf('.');
        String plural = dot < 0 ? name : name.substring(0, dot);
        String group = dot < 0 ? "" : name.substring(dot + 1);
        if (plural.isEmpty() || !plural.equals("*") && plural.contains("*")
                || group.contains("*")) {
            throw file.fail(name, "resource \"" + name + "\" is not a resource, resource.group,"
                    + " *.group or *.*");
        }
        Set<String> prefixes = new HashSet<>();
        for (ResourceType t : ResourceCatalogue.builtIn().stored()) {
            if (t.group().equals(group) && (plural.equals("*") || t.plural().equals(plural))) {
                prefixes.add(t.storagePrefix());
            }
        }
        if (prefixes.isEmpty() && !plural.equals("*")) {
            // a resource j8s does not serve (yet): upstream's key layout, /registry/PLURAL/
            prefixes.add("/registry/" + plural + "/");
        }
        return k -> prefixes.stream().anyMatch(k::startsWith);
    }

    private static List<Transformer> providers(ConfigFile file, JsonNode providers) {
        if (!providers.isArray() || providers.isEmpty()) {
            throw file.fail("providers", "providers: at least one provider is required");
        }
        List<Transformer> out = new ArrayList<>();
        for (JsonNode p : providers) {
            if (p.size() != 1) {
                throw file.fail("providers", "each provider must name exactly one of aescbc,"
                        + " aesgcm, secretbox, identity");
            }
            String kind = p.fieldNames().next();
            if (kind.equals("identity")) {
                out.add(Ciphers.identity());
                continue;
            }
            if (!List.of("aescbc", "aesgcm", "secretbox").contains(kind)) {
                throw file.fail(kind + ":", "provider \"" + kind + "\" is not served (j8s serves"
                        + " aescbc, aesgcm, secretbox and identity)");
            }
            JsonNode keys = p.path(kind).path("keys");
            if (!keys.isArray() || keys.isEmpty()) {
                throw file.fail(kind + ":", kind + ": at least one key is required");
            }
            for (JsonNode k : keys) {
                String name = k.path("name").asText("");
                String secret = k.path("secret").asText("");
                if (name.isEmpty() || name.contains(":")) {
                    throw file.fail(secret.isEmpty() ? kind + ":" : secret, kind
                            + ": a key needs a name without ':'");
                }
                byte[] raw;
                try {
                    raw = Base64.getDecoder().decode(secret);
                } catch (IllegalArgumentException e) {
                    throw file.fail(name, kind + " key \"" + name + "\": secret is not base64");
                }
                boolean fits = kind.equals("secretbox") ? raw.length == 32
                        : raw.length == 16 || raw.length == 24 || raw.length == 32;
                if (!fits) {
                    throw file.fail(secret, kind + " key \"" + name + "\" is " + raw.length
                            + " bytes; " + (kind.equals("secretbox") ? "secretbox needs 32"
                                    : kind + " needs 16, 24 or 32"));
                }
                out.add(Ciphers.of(kind, name, raw));
            }
        }
        return out;
    }

    /** The providers for a store key: empty when no entry names its resource. */
    List<Transformer> providersFor(String key) {
        for (Rule r : rules) {
            if (r.keys().test(key)) {
                return r.providers();
            }
        }
        return List.of();
    }

    /** {@code store} with the values of the configured resources encrypted. */
    public Store wrap(Store store) {
        return new EncryptingStore(store, this);
    }
}
