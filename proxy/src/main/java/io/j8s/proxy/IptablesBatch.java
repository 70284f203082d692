package io.j8s.proxy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    private static String restore(Map<String, List<String>> chains, Set<String> delete) {
        StringBuilder b = new StringBuilder(chains.size() * 200 + 256);
        for (String table : TABLES) {
            String prefix = table + " ";
            b.append('*').append(table).append('\n');
            chains.keySet().stream().filter(c -> c.startsWith(prefix)).forEach(c ->
                    b.append(':').append(c.substring(prefix.length())).append(" - [0:0]\n"));
            delete.stream().filter(c -> c.startsWith(prefix)).forEach(c ->
                    b.append(':').append(c.substring(prefix.length())).append(" - [0:0]\n"));
            chains.forEach((c, rules) -> {
                if (c.startsWith(prefix)) {
                    String name = c.substring(prefix.length());
                    rules.forEach(r -> b.append("-A ").append(name).append(' ').append(r)
                            .append('\n'));
                }
            });
            delete.stream().filter(c -> c.startsWith(prefix)).forEach(c ->
                    b.append("-X ").append(c.substring(prefix.length())).append('\n'));
            b.append("COMMIT\n");
        }
        return b.toString();
    }
}
