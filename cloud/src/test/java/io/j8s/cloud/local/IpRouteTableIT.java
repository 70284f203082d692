package io.j8s.cloud.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Routes through the real {@code ip route}, as root, in a network namespace of the test's own
 * with a veth pair as the way to the gateways: the host's table is never touched.
 */
class IpRouteTableIT {
    private static final String NETNS = "j8s-routes-it-" + ProcessHandle.current().pid();

    @BeforeEach
    void netns() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "routes need root");
        sh("ip", "netns", "add", NETNS);
        // a veth pair inside the namespace (this kernel may have no dummy device type)
        sh("ip", "-n", NETNS, "link", "add", "rt0", "type", "veth", "peer", "name", "rt1");
        sh("ip", "-n", NETNS, "addr", "add", "198.18.0.1/24", "dev", "rt0");
        sh("ip", "-n", NETNS, "link", "set", "rt1", "up");
        sh("ip", "-n", NETNS, "link", "set", "rt0", "up");
        // a route j8s did not make, which it must leave alone
        sh("ip", "-n", NETNS, "route", "add", "10.42.99.0/24", "via", "198.18.0.9");
    }

    @AfterEach
    void removeNetns() throws Exception {
        if ("root".equals(System.getProperty("user.name"))) {
            sh("ip", "netns", "del", NETNS);
        }
    }

    @Test
    void routesAreMadeMovedListedAndRemovedAndOthersAreLeftAlone() throws Exception {
        IpRouteTable table = new IpRouteTable(NETNS);
        table.replace("10.42.7.0/24", "198.18.0.7");
        table.replace("10.42.8.0/24", "198.18.0.8");
        assertThat(table.list()).isEqualTo(Map.of("10.42.7.0/24", "198.18.0.7",
                "10.42.8.0/24", "198.18.0.8"));
        table.replace("10.42.7.0/24", "198.18.0.17");
        assertThat(table.list()).containsEntry("10.42.7.0/24", "198.18.0.17").hasSize(2);
        table.delete("10.42.7.0/24");
        table.delete("10.42.8.0/24");
        assertThat(table.list()).isEmpty();
        assertThat(sh("ip", "-n", NETNS, "route", "show", "10.42.99.0/24")).contains("via 198.18.0.9");
    }

    private static String sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
        return out;
    }
}
