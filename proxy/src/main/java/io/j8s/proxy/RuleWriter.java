package io.j8s.proxy;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * Writes fragments into the kernel in one mode, each write one atomic batch ({@code nft -f} or
 * {@code iptables-restore --noflush}), and removes everything j8s wrote in either mode.
 */
final class RuleWriter {
    private static final Logger LOG = Logger.getLogger("io.j8s.proxy");

    private final ProxyMode mode;
    private final Network net;

    RuleWriter(ProxyMode mode, Network net) {
        this.mode = mode;
        this.net = net;
    }

    /** Makes the proxy's rules exactly {@code fragments}. */
    void full(Collection<Fragment> fragments) {
        if (mode == ProxyMode.nftables) {
            nft(NftBatch.full(net, fragments));
        } else {
            restore(IptablesBatch.full(net, fragments, iptablesChains()));
            ensureJumps();
        }
    }

    /** Applies {@code d}; {@code all} are every fragment after it (iptables rewrites shared chains). */
    void delta(Collection<Fragment> all, Fragment.Delta d) {
        if (d.isEmpty()) {
            return;
        }
        if (mode == ProxyMode.nftables) {
            nft(NftBatch.delta(d, all));
        } else {
            restore(IptablesBatch.delta(net, all, d));
        }
    }

    private static void nft(String batch) {
        Commands.run(batch, "nft", "-f", "-").orThrow("nft -f");
    }

    private static void restore(String batch) {
        Commands.run(batch, "iptables-restore", "-w", "--noflush").orThrow("iptables-restore");
    }

    private static void ensureJumps() {
        for (String[] j : IptablesRules.jumps()) {
            String[] spec = j[2].split(" ");
            if (Commands.run(null, concat(new String[] {"iptables", "-w", "-t", j[0], "-C", j[1]},
                    spec)).exit() != 0) {
                Commands.run(null, concat(new String[] {"iptables", "-w", "-t", j[0], "-I", j[1],
                        "1"}, spec)).orThrow("iptables -I " + j[1]);
            }
        }
    }

    /**
     * The J8S-* chains in nat and filter now, as "TABLE CHAIN". With iptables on nf_tables they
     * are read with {@code nft list chains ip}: {@code iptables-save} sorts the chains it reads
     * one insertion at a time and takes minutes for 60,000 of them.
     */
    static Set<String> iptablesChains() {
        Set<String> chains = new TreeSet<>();
        if (Commands.run(null, "iptables", "-V").output().contains("nf_tables")) {
            Commands.Result list = Commands.run(null, "nft", "list", "chains", "ip");
            if (list.exit() == 0) {
                String table = null;
                for (String line : list.output().lines().toList()) {
                    String l = line.strip();
                    if (l.startsWith("table ip ")) {
                        table = l.substring("table ip ".length(), l.length() - 2).strip();
                    } else if (l.startsWith("chain J8S-") && ("nat".equals(table)
                            || "filter".equals(table))) {
                        chains.add(table + " " + l.substring("chain ".length(), l.length() - 2)
                                .strip());
                    }
                }
                return chains;
            }
        }
        for (String table : new String[] {"nat", "filter"}) {
            Commands.Result save = Commands.run(null, "iptables-save", "-t", table);
            save.output().lines().filter(l -> l.startsWith(":J8S-"))
                    .forEach(l -> chains.add(table + " " + l.substring(1, l.indexOf(' '))));
        }
        return chains;
    }

    /**
     * Removes the nftables table and every J8S-* chain with the jumps to them; what is not
     * there is skipped, rules not ours are not touched.
     *
     * @return what was removed, for the log
     */
    static String cleanup() {
        StringBuilder removed = new StringBuilder();
        if (Commands.run(null, "nft", "list", "table", "ip", NftRules.TABLE).exit() == 0) {
            Commands.run("delete table ip " + NftRules.TABLE + "\n", "nft", "-f", "-")
                    .orThrow("nft delete table");
            removed.append("table ip ").append(NftRules.TABLE);
        }
        for (String[] j : IptablesRules.jumps()) {
            String[] spec = j[2].split(" ");
            while (Commands.run(null, concat(new String[] {"iptables", "-w", "-t", j[0], "-D",
                    j[1]}, spec)).exit() == 0) {
                removed.append(removed.isEmpty() ? "" : ", ").append(j[1]).append(" jump");
            }
        }
        Set<String> chains = iptablesChains();
        if (!chains.isEmpty()) {
            Commands.run(IptablesBatch.deleteAll(chains), "iptables-restore", "-w", "--noflush")
                    .orThrow("iptables-restore");
            removed.append(removed.isEmpty() ? "" : ", ").append(chains.size())
                    .append(" J8S chains");
        }
        if (!removed.isEmpty()) {
            LOG.info("service proxy rules removed: " + removed);
        }
        return removed.toString();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
