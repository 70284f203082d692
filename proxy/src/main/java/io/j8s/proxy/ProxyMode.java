package io.j8s.proxy;

/**
 * How the proxy writes its rules: {@code nftables} (one table {@code ip j8s-proxy}, verdict maps,
 * applied with {@code nft -f}) or {@code iptables} (J8S-* chains in nat and filter, applied with
 * {@code iptables-restore --noflush}).
 */
public enum ProxyMode {
    nftables,
    iptables;

    /** {@code nftables} when {@code nft} is here and the kernel takes a table, else {@code iptables}. */
    public static ProxyMode detect() {
        Commands.Result probe = Commands.run("add table ip j8s-probe\ndelete table ip j8s-probe\n",
                "nft", "-f", "-");
        return probe.exit() == 0 ? nftables : iptables;
    }
}
