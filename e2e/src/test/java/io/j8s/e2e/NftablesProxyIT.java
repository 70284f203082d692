package io.j8s.e2e;

import io.j8s.testkit.HostLeftovers;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The service proxy contract in nftables mode. */
class NftablesProxyIT extends ServiceProxyContract {
    @RegisterExtension
    static final RealNode node = new RealNode("proxy-nft", "--proxy-mode", "nftables",
            "--disable-cloud-controller");

    @Override
    RealNode node() {
        return node;
    }

    @Override
    String rules() {
        return HostLeftovers.run("nft", "list", "table", "ip", "j8s-proxy");
    }
}
