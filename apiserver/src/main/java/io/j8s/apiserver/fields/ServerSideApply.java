package io.j8s.apiserver.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Server-side apply of one configuration by one manager, as structured-merge-diff's
 * {@code Updater.Apply}: merge the configuration into the live object, prune what the manager
 * applied before and no longer does (unless someone else owns it too), then refuse, or with
 * {@code force} take, fields that other managers own and whose values the apply changes.
 * kubectl's applies upgrade from and keep in step with client-side apply ({@link LastApplied}).
 */
public final class ServerSideApply {
    private static final String BEFORE_FIRST_APPLY = "before-first-apply";

    private ServerSideApply() {}

    /**
     * The patch function of an {@code application/apply-patch+yaml} request: it is given the live
     * object, or an empty one when the object is to be created.
     */
    public static UnaryOperator<ObjectNode> patch(ObjectNode config, String manager,
            boolean force, String apiVersion, String subresource, Scope scope, Clock clock) {
        if (manager.isEmpty()) {
            throw StatusException.badRequest("fieldManager is required for apply requests");
        }
        return live -> apply(live.isEmpty() ? null : live, config, manager, force, apiVersion,
                subresource, scope, clock.instant());
    }

    /**
     * The object after the apply, its managedFields set.
     *
     * @param live the current object, or null when the apply creates it
     * @param subresource empty, or {@code status}
     * @param scope the fields this apply can own
     */
    public static ObjectNode apply(ObjectNode live, ObjectNode config, String manager,
            boolean force, String apiVersion, String subresource, Scope scope, Instant now) {
        if (config.path("metadata").has("managedFields")
                && !config.path("metadata").path("managedFields").isNull()) {
            throw StatusException.badRequest("metadata.managedFields must be nil");
        }
        ObjectNode base = live == null ? Json.MAPPER.createObjectNode() : live;
        List<ManagedFieldsEntry> entries = new ArrayList<>(live == null ? List.of()
                : ManagedFields.decodeOrEmpty(live.path("metadata").get("managedFields")));
        if (live != null && entries.isEmpty()) {
            entries.add(new ManagedFieldsEntry(BEFORE_FIRST_APPLY, ManagedFields.UPDATE,
                    apiVersion, "", ManagedFields.time(now), ObjectFields.of(live)));
        }
        ManagedFieldsEntry me = new ManagedFieldsEntry(manager, ManagedFields.APPLY, apiVersion,
                subresource, ManagedFields.time(now), scope.filter(ObjectFields.of(config)));
        FieldSet last = FieldSet.EMPTY;
        String lastTime = null;
        List<ManagedFieldsEntry> others = new ArrayList<>();
        for (ManagedFieldsEntry e : entries) {
            if (e.sameManager(me)) {
                last = e.fields();
                lastTime = e.time();
            } else {
                others.add(e);
            }
        }
        ObjectNode merged = ApplyMerge.merge(base, config);
        prune(merged, last.minus(me.fields()), me.fields(), others);

        ObjectFields.Comparison c = ObjectFields.compare(base, merged);
        FieldSet changed = scope.filter(c.modified().union(c.added()));
        Map<ManagedFieldsEntry, FieldSet> conflicts = new LinkedHashMap<>();
        for (ManagedFieldsEntry e : others) {
            FieldSet clash = e.fields().intersect(changed);
            if (!clash.isEmpty()) {
                conflicts.put(e, clash);
            }
        }
        if (!force && !conflicts.isEmpty()) {
            Map<ManagedFieldsEntry, FieldSet> left = LastApplied.unexplained(live, manager,
                    conflicts);
            if (!left.isEmpty()) {
                throw ApplyConflict.of(left);
            }
        }
        List<ManagedFieldsEntry> next = new ArrayList<>();
        for (ManagedFieldsEntry e : others) {
            next.add(e.with(e.fields().minus(changed).minus(c.removed()), e.time()));
        }
        if (lastTime != null && content(base).equals(content(merged))) {
            me = me.with(me.fields(), lastTime);
        }
        next.add(me);
        ManagedFields.write(merged, next);
        LastApplied.keepInStep(merged, config, manager);
        return merged;
    }

    private static ObjectNode content(ObjectNode o) {
        ObjectNode copy = o.deepCopy();
        if (copy.get("metadata") instanceof ObjectNode meta) {
            meta.remove("managedFields");
        }
        return copy;
    }

    /** Removes the fields the manager gave up that nobody else holds. */
    private static void prune(ObjectNode merged, FieldSet gaveUp, FieldSet mine,
            List<ManagedFieldsEntry> others) {
        for (List<String> p : gaveUp.paths()) {
            if (mine.coversOrBelow(p)
                    || others.stream().anyMatch(e -> e.fields().coversOrBelow(p))) {
                continue;
            }
            ObjectFields.remove(merged, p);
            List<String> parent = p.subList(0, p.size() - 1);
            while (!parent.isEmpty()) {
                JsonNode n = ObjectFields.find(merged, parent);
                List<String> at = parent;
                boolean held = mine.coversOrBelow(at)
                        || others.stream().anyMatch(e -> e.fields().contains(at));
                if (!(n.isContainerNode() && n.isEmpty()) || held) {
                    break;
                }
                ObjectFields.remove(merged, parent);
                parent = parent.subList(0, parent.size() - 1);
            }
        }
    }
}
