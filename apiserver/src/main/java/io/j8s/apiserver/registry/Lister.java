package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.errors.StatusException;
import io.j8s.store.CompactedException;
import io.j8s.store.KeyValue;
import io.j8s.store.ListPage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Lists straight from the store, a page at a time, filtering by label and field selectors. A page
 * and every page after it (through the continue token) are read at one revision, so together they
 * form one consistent snapshot, as upstream's paginated lists do.
 */
final class Lister {
    private static final int CHUNK = 500;

    private Lister() {}

    static ListResult list(Registry registry, String namespace, ListOptions options) {
        checkFields(registry, options);
        String prefix = registry.type().prefix(namespace);
        long revision = 0;
        String start = null;
        if (!options.continueToken().isEmpty()) {
            ContinueToken token = ContinueToken.decode(options.continueToken());
            revision = token.revision();
            start = prefix + token.start();
        } else if (!options.resourceVersion().isEmpty() && !options.resourceVersion().equals("0")
                && options.resourceVersionMatch().equals("Exact")) {
            revision = parseRevision(options.resourceVersion());
        } else if (!options.resourceVersion().isEmpty()) {
            parseRevision(options.resourceVersion());
        }
        boolean filtered = !options.labelSelector().isEmpty() || !options.fieldSelector().fields().isEmpty();
        int limit = options.limit();
        List<ObjectNode> items = new ArrayList<>();
        while (true) {
            ListPage page;
            try {
                long at = revision;
                String from = start;
                page = Registry.call(() -> registry.store().list(prefix, at,
                        limit > 0 ? Math.max(CHUNK, limit) : 0, from));
            } catch (StatusException e) {
                throw "Expired".equals(e.reason()) && !options.continueToken().isEmpty()
                        ? expiredContinue() : e;
            } catch (CompactedException e) {
                throw expiredContinue();
            }
            revision = page.revision();
            List<KeyValue> kvs = page.items();
            for (int i = 0; i < kvs.size(); i++) {
                ObjectNode o = registry.decode(kvs.get(i));
                if (!matches(o, options)) {
                    continue;
                }
                items.add(o);
                if (limit > 0 && items.size() == limit) {
                    boolean moreHere = i + 1 < kvs.size();
                    if (!moreHere && !page.hasMore()) {
                        return new ListResult(items, Long.toString(revision), "", null);
                    }
                    String next = moreHere ? kvs.get(i + 1).key() : page.continueKey();
                    Long remaining = filtered ? null : (kvs.size() - i - 1) + page.remaining();
                    String token = new ContinueToken(revision, next.substring(prefix.length()))
                            .encode();
                    return new ListResult(items, Long.toString(revision), token, remaining);
                }
            }
            if (!page.hasMore()) {
                return new ListResult(items, Long.toString(revision), "", null);
            }
            start = page.continueKey();
        }
    }

    static boolean matches(ObjectNode o, ListOptions options) {
        return options.labelSelector().matches(Meta.labels(o))
                && options.fieldSelector().matches(field -> fieldValue(o, field));
    }

    /** The value of a field path such as {@code spec.nodeName}, or null when it is absent. */
    static String fieldValue(ObjectNode o, String path) {
        JsonNode n = o;
        for (String part : path.split("\\.")) {
            n = n.get(part);
            if (n == null || n.isNull()) {
                return null;
            }
        }
        return n.isValueNode() ? n.asText() : null;
    }

    static void checkFields(Registry registry, ListOptions options) {
        Set<String> allowed = registry.strategy().selectableFields();
        for (String field : options.fieldSelector().fields()) {
            if (!field.equals("metadata.name") && !field.equals("metadata.namespace")
                    && !allowed.contains(field)) {
                throw StatusException.badRequest("field label not supported: " + field);
            }
        }
    }

    static long parseRevision(String resourceVersion) {
        try {
            long r = Long.parseLong(resourceVersion);
            if (r < 0) {
                throw new NumberFormatException();
            }
            return r;
        } catch (NumberFormatException e) {
            throw StatusException.badRequest("invalid resource version: \"" + resourceVersion
                    + "\": resourceVersion must be a non-negative integer");
        }
    }

    private static StatusException expiredContinue() {
        return StatusException.expired("The provided continue parameter is too old to display a"
                + " consistent list result. You can start a new list without the continue"
                + " parameter.");
    }
}
