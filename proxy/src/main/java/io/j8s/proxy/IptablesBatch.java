package io.j8s.proxy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The text {@code iptables-restore --noflush} applies: every j8s chain (full), or only the
 * chains a {@link Fragment.Delta} changes. With {@code --noflush} a chain declared is flushed
 * and rewritten; chains not named are left as they are, and so is every chain not ours.
 */
final class IptablesBatch {
    private static final List<String> TABLES = List.of("nat", "filter");

    private IptablesBatch() {}

    /** Every chain of {@code fragments}; {@code existing} ("TABLE CHAIN") not wanted are deleted. */
    static String full(Network net, Collection<Fragment> fragments, Set<String> existing) {
        Map<String, List<String>> chains = new LinkedHashMap<>(shared(net, fragments, null));
        fragments.forEach(f -> chains.putAll(f.chains()));
        Set<String> stale = new TreeSet<>(existing);
        stale.removeAll(chains.keySet());
        return restore(chains, stale);
    }

    /** The chains {@code d} writes or deletes, and the shared chains whose lines changed. */
    static String delta(Network net, Collection<Fragment> all, Fragment.Delta d) {
        Set<String> dirty = new TreeSet<>();
        d.addEntries().keySet().forEach(k -> dirty.add(k.substring(0, k.indexOf('|'))));
        d.deleteEntries().keySet().forEach(k -> dirty.add(k.substring(0, k.indexOf('|'))));
        Map<String, List<String>> chains = new LinkedHashMap<>(shared(net, all, dirty));
        chains.putAll(d.writeChains());
        return restore(chains, d.deleteChains());
    }

    /** Deletes {@code chains} ("TABLE CHAIN"), rules and all. */
    static String deleteAll(Set<String> chains) {
        return restore(Map.of(), chains);
    }

    /** The shared chains (only those in {@code only}, unless null): fragment lines, then fixed. */
    private static Map<String, List<String>> shared(Network net, Collection<Fragment> fragments,
            Set<String> only) {
        Map<String, List<String>> chains = new LinkedHashMap<>();
        Map<String, TreeSet<String>> lines = new LinkedHashMap<>();
        for (Fragment f : fragments) {
            f.entries().keySet().forEach(k -> {
                int bar = k.indexOf('|');
                lines.computeIfAbsent(k.substring(0, bar), c -> new TreeSet<>())
                        .add(k.substring(bar + 1));
            });
        }
        IptablesRules.fixed(net).forEach((chain, tail) -> {
            if (only == null || only.contains(chain)) {
                List<String> rules = new ArrayList<>(lines.getOrDefault(chain, new TreeSet<>()));
                rules.addAll(tail);
                chains.put(chain, rules);
            }
        });
        return chains;
    }

    /**
     * The restore text that writes {@code chains} (flushed and rewritten) and deletes
     * {@code delete}, ordered for iptables-nft: with {@code --noflush} it notes every chain a
     * line names (the chain and its jump target) in a sorted linked list, one scan per line, so
     * lines naming chains deep in that list cost time in the number of chains (minutes for
     * 60,000 chains). Written as here each line finds its chains at the list's head: the
     * shared chains (named below every port's chains) are declared first; then the ports'
     * chains go group by group (a group: the chains of one port, which share a prefix), from
     * the highest name down, each group declared, written, followed by the shared-chain lines
     * that jump into it, and its stale chains deleted; last the shared chains' other lines,
     * their fixed tails, and the deletion of stale chains of no group. Lines that jump into
     * different ports match different addresses or ports, so their order does not matter.
     */
    private static String restore(Map<String, List<String>> chains, Set<String> delete) {
        StringBuilder b = new StringBuilder(chains.size() * 200 + 256);
        Set<String> fixed = new HashSet<>();
        for (String f : IptablesRules.fixed(new Network(null, null, List.of())).keySet()) {
            fixed.add(f.substring(f.indexOf(' ') + 1));
        }
        for (String table : TABLES) {
            String prefix = table + " ";
            TreeMap<String, Group> groups = new TreeMap<>(Comparator.reverseOrder());
            Map<String, List<String>> shared = new LinkedHashMap<>();
            List<String> loose = new ArrayList<>();
            chains.forEach((c, rules) -> {
                if (!c.startsWith(prefix)) {
                    return;
                }
                String name = c.substring(prefix.length());
                if (fixed.contains(name) || group(name) == null) {
                    shared.put(name, rules);
                } else {
                    groups.computeIfAbsent(group(name), g -> new Group()).chains.put(name, rules);
                }
            });
            delete.stream().filter(c -> c.startsWith(prefix)).map(c -> c.substring(prefix.length()))
                    .filter(n -> !shared.containsKey(n)).forEach(n -> {
                        if (group(n) == null) {
                            loose.add(n);
                        } else {
                            groups.computeIfAbsent(group(n), g -> new Group()).stale.add(n);
                        }
                    });
            Map<String, List<String>> rest = new LinkedHashMap<>();
            shared.forEach((name, rules) -> {
                List<String> left = new ArrayList<>();
                for (String r : rules) {
                    int j = r.lastIndexOf(" -j ");
                    String target = j < 0 ? "" : r.substring(j + 4);
                    if (group(target) != null) {
                        groups.computeIfAbsent(group(target), g -> new Group()).jumps
                                .add("-A " + name + " " + r);
                    } else {
                        left.add(r);
                    }
                }
                rest.put(name, left);
            });
            b.append('*').append(table).append('\n');
            shared.keySet().forEach(n -> b.append(':').append(n).append(" - [0:0]\n"));
            loose.forEach(n -> b.append(':').append(n).append(" - [0:0]\n"));
            groups.values().forEach(g -> {
                TreeSet<String> names = new TreeSet<>(Comparator.reverseOrder());
                names.addAll(g.chains.keySet());
                names.addAll(g.stale);
                names.forEach(n -> b.append(':').append(n).append(" - [0:0]\n"));
                g.chains.forEach((n, rules) -> rules.forEach(r -> b.append("-A ").append(n)
                        .append(' ').append(r).append('\n')));
                g.jumps.forEach(l -> b.append(l).append('\n'));
                g.stale.forEach(n -> b.append("-X ").append(n).append('\n'));
            });
            rest.forEach((n, rules) -> rules.forEach(r -> b.append("-A ").append(n).append(' ')
                    .append(r).append('\n')));
            loose.forEach(n -> b.append("-X ").append(n).append('\n'));
            b.append("COMMIT\n");
        }
        return b.toString();
    }

    /** The group of a port's chain ({@link IptablesRules#GROUP_LENGTH} characters), else null. */
    private static String group(String chain) {
        return chain.startsWith(IptablesRules.PORT_PREFIX)
                && chain.length() >= IptablesRules.GROUP_LENGTH
                ? chain.substring(0, IptablesRules.GROUP_LENGTH) : null;
    }

    /** One port's chains in one table, the shared-chain lines that jump to them, its stale chains. */
    private static final class Group {
        final Map<String, List<String>> chains = new TreeMap<>(Comparator.reverseOrder());
        final List<String> jumps = new ArrayList<>();
        final List<String> stale = new ArrayList<>();
    }
}
