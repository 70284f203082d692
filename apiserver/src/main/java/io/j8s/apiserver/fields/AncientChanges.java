package io.j8s.apiserver.fields;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Upstream's cap on Update entries: beyond ten, the oldest are folded, per apiVersion, into one
 * {@code ancient-changes} entry, so that many one-off writers do not grow managedFields forever.
 */
final class AncientChanges {
    private static final int MAX_UPDATE_MANAGERS = 10;
    private static final String ANCIENT_CHANGES = "ancient-changes";

    private AncientChanges() {}

    /** The entries, with the oldest Update entries beyond ten merged per apiVersion. */
    static List<ManagedFieldsEntry> fold(List<ManagedFieldsEntry> entries) {
        List<ManagedFieldsEntry> updates = new ArrayList<>(entries.stream()
                .filter(e -> e.operation().equals(ManagedFields.UPDATE)).toList());
        if (updates.size() <= MAX_UPDATE_MANAGERS) {
            return entries;
        }
        updates.sort(Comparator.comparing(ManagedFieldsEntry::time));
        Map<String, ManagedFieldsEntry> firstByVersion = new HashMap<>();
        int length = updates.size();
        for (int i = 0; i < updates.size() && length > MAX_UPDATE_MANAGERS; i++) {
            ManagedFieldsEntry e = updates.get(i);
            ManagedFieldsEntry first = firstByVersion.get(e.apiVersion());
            if (first == null) {
                firstByVersion.put(e.apiVersion(), e);
                continue;
            }
            ManagedFieldsEntry bucket = new ManagedFieldsEntry(ANCIENT_CHANGES,
                    ManagedFields.UPDATE, e.apiVersion(), "", e.time(),
                    first.fields().union(e.fields()));
            entries.remove(first);
            entries.remove(e);
            entries.removeIf(x -> x.sameManager(bucket));
            entries.add(bucket);
            firstByVersion.put(e.apiVersion(), bucket);
            length--;
        }
        return entries;
    }
}
