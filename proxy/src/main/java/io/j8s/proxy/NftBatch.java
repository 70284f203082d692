package io.j8s.proxy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The text {@code nft -f} applies: the whole table, or only what a {@link Fragment.Delta} changes. */
final class NftBatch {
    private static final String T = "ip " + NftRules.TABLE;
    /** Elements per {@code add element} line: bounded lines keep nft's parser fast. */
    private static final int CHUNK = 1000;

    private NftBatch() {}

    /** Replaces the table with one holding exactly {@code fragments}, in one transaction. */
    static String full(Network net, Collection<Fragment> fragments) {
        StringBuilder b = new StringBuilder(fragments.size() * 400 + 4096);
        b.append("add table ").append(T).append('\n');
        b.append("delete table ").append(T).append('\n');
        Map<String, List<String>> elements = new TreeMap<>();
        Set<String> shared = new HashSet<>();
        for (Fragment f : fragments) {
            f.entries().forEach((k, v) -> {
                if (!k.startsWith(NftRules.HAIRPIN + "|") || shared.add(k)) {
                    element(elements, k, v);
                }
            });
        }
        b.append(NftRules.skeleton(net, map -> elements.getOrDefault(map, List.of()).size()));
        for (Fragment f : fragments) {
            f.sets().forEach((name, decl) -> b.append("add set ").append(T).append(' ')
                    .append(name).append(' ').append(decl).append('\n'));
            f.chains().keySet().forEach(c -> b.append("add chain ").append(T).append(' ')
                    .append(c).append('\n'));
        }
        for (Fragment f : fragments) {
            f.chains().forEach((c, rules) -> rules(b, c, rules));
        }
        elements(b, "add", elements);
        return b.toString();
    }

    /**
     * Changes the table from what it holds to {@code delta}'s new fragments, in one transaction;
     * {@code all} are every fragment after it: an element several ports add (a
     * {@link NftRules#HAIRPIN} pair) stays while one of them still has it.
     */
    static String delta(Fragment.Delta d, Collection<Fragment> all) {
        StringBuilder b = new StringBuilder();
        d.writeChains().keySet().stream().filter(c -> !d.newChains().contains(c))
                .forEach(c -> b.append("flush chain ").append(T).append(' ').append(c).append('\n'));
        d.deleteChains().forEach(c -> b.append("flush chain ").append(T).append(' ').append(c)
                .append('\n'));
        Map<String, List<String>> gone = new TreeMap<>();
        d.deleteEntries().forEach((k, v) -> {
            if (!k.startsWith(NftRules.HAIRPIN + "|")
                    || all.stream().noneMatch(f -> f.entries().containsKey(k))) {
                element(gone, k, null);
            }
        });
        elements(b, "delete", gone);
        d.deleteChains().forEach(c -> b.append("delete chain ").append(T).append(' ').append(c)
                .append('\n'));
        d.deleteSets().forEach(s -> b.append("delete set ").append(T).append(' ').append(s)
                .append('\n'));
        d.addSets().forEach((name, decl) -> b.append("add set ").append(T).append(' ')
                .append(name).append(' ').append(decl).append('\n'));
        d.newChains().forEach(c -> b.append("add chain ").append(T).append(' ').append(c)
                .append('\n'));
        d.writeChains().forEach((c, rules) -> rules(b, c, rules));
        Map<String, List<String>> added = new TreeMap<>();
        d.addEntries().forEach((k, v) -> element(added, k, v));
        elements(b, "add", added);
        return b.toString();
    }

    private static void rules(StringBuilder b, String chain, List<String> rules) {
        for (String r : rules) {
            b.append("add rule ").append(T).append(' ').append(chain).append(' ').append(r)
                    .append('\n');
        }
    }

    /**
     * Adds "key : value" (or "key" when value is null or empty, a set's element) under the map
     * named before '|'.
     */
    private static void element(Map<String, List<String>> byMap, String entry, String value) {
        int bar = entry.indexOf('|');
        List<String> s = byMap.computeIfAbsent(entry.substring(0, bar), m -> new ArrayList<>());
        s.add(value == null || value.isEmpty() ? entry.substring(bar + 1)
                : entry.substring(bar + 1) + " : " + value);
    }

    private static void elements(StringBuilder b, String verb, Map<String, List<String>> byMap) {
        byMap.forEach((map, all) -> {
            for (int i = 0; i < all.size(); i += CHUNK) {
                b.append(verb).append(" element ").append(T).append(' ').append(map).append(" { ");
                for (int j = i; j < Math.min(all.size(), i + CHUNK); j++) {
                    b.append(j == i ? "" : ", ").append(all.get(j));
                }
                b.append(" }\n");
            }
        });
    }
}
