package io.j8s.e2e;

import io.j8s.testkit.HostLeftovers;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The service proxy contract in iptables mode. */
class IptablesProxyIT extends ServiceProxyContract {
    @RegisterExtension
    static final RealNode node = new RealNode("proxy-ipt", "--proxy-mode", "iptables",
            "--disable-cloud-controller");

    @Override
    RealNode node() {
        return node;
    }

    @Override
    String rules() {
        return HostLeftovers.run("iptables-save");
    }
}
