package io.j8s.proxy;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The rules of one {@link ServicePort} in one mode: chains of its own (name to rules), sets of
 * its own (name to declaration) and entries it adds to shared maps or chains (key to value). The
 * proxy keeps the fragment of every port and rewrites only what differs between two fragments.
 */
record Fragment(String key, Map<String, List<String>> chains, Map<String, String> sets,
        Map<String, String> entries) {

    Fragment {
        chains = new LinkedHashMap<>(chains);
        sets = new LinkedHashMap<>(sets);
        entries = new LinkedHashMap<>(entries);
    }

    /** What to change to go from the {@code removed} fragments to the {@code added} ones. */
    record Delta(Map<String, List<String>> writeChains, Set<String> newChains,
            Set<String> deleteChains, Map<String, String> deleteEntries,
            Map<String, String> addEntries, Map<String, String> addSets, Set<String> deleteSets) {

        boolean isEmpty() {
            return writeChains.isEmpty() && deleteChains.isEmpty() && deleteEntries.isEmpty()
                    && addEntries.isEmpty() && addSets.isEmpty() && deleteSets.isEmpty();
        }
    }

    static Delta delta(Collection<Fragment> removed, Collection<Fragment> added) {
        Map<String, List<String>> oldChains = new HashMap<>();
        Map<String, String> oldSets = new HashMap<>();
        Map<String, String> oldEntries = new HashMap<>();
        removed.forEach(f -> {
            oldChains.putAll(f.chains());
            oldSets.putAll(f.sets());
            oldEntries.putAll(f.entries());
        });
        Map<String, List<String>> newChains = new LinkedHashMap<>();
        Map<String, String> newSets = new LinkedHashMap<>();
        Map<String, String> newEntries = new LinkedHashMap<>();
        added.forEach(f -> {
            newChains.putAll(f.chains());
            newSets.putAll(f.sets());
            newEntries.putAll(f.entries());
        });
        Map<String, List<String>> write = new LinkedHashMap<>();
        Set<String> created = new HashSet<>();
        newChains.forEach((name, rules) -> {
            if (!Objects.equals(oldChains.get(name), rules)) {
                write.put(name, rules);
            }
            if (!oldChains.containsKey(name)) {
                created.add(name);
            }
        });
        Set<String> deleteChains = new HashSet<>(oldChains.keySet());
        deleteChains.removeAll(newChains.keySet());
        Map<String, String> deleteEntries = new LinkedHashMap<>();
        oldEntries.forEach((k, v) -> {
            if (!v.equals(newEntries.get(k))) {
                deleteEntries.put(k, v);
            }
        });
        Map<String, String> addEntries = new LinkedHashMap<>();
        newEntries.forEach((k, v) -> {
            if (!v.equals(oldEntries.get(k))) {
                addEntries.put(k, v);
            }
        });
        Set<String> deleteSets = new HashSet<>();
        oldSets.forEach((k, v) -> {
            if (!v.equals(newSets.get(k))) {
                deleteSets.add(k);
            }
        });
        Map<String, String> addSets = new LinkedHashMap<>();
        newSets.forEach((k, v) -> {
            if (!v.equals(oldSets.get(k))) {
                addSets.put(k, v);
            }
        });
        return new Delta(write, created, deleteChains, deleteEntries, addEntries, addSets,
                deleteSets);
    }
}
